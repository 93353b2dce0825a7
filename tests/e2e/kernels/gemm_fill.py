# GEMM whose accumulator starts from a constant: T.fill(acc, v) before the K loop gives
# C = v + A @ B (the first K step starts from fill_tile values in DST instead of zero).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_bias(M, N, K, bm, bn, bk, value=1.5, dtype="bfloat16", acc_dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_s = T.alloc_shared((bm, bk), dtype)
            b_s = T.alloc_shared((bk, bn), dtype)
            acc = T.alloc_fragment((bm, bn), acc_dtype)
            T.fill(acc, value)
            for ko in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[by * bm, ko * bk], a_s)
                T.copy(B[ko * bk, bx * bn], b_s)
                T.gemm(a_s, b_s, acc)
            T.copy(acc, C[by * bm, bx * bn])

    return kernel


kernel = matmul_bias(128, 128, 128, 64, 64, 32)
