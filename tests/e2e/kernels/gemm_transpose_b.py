# GEMM with B stored transposed (C = A @ B^T, B is [N, K]) through T.gemm(transpose_B=True):
# an end-to-end variant not among the examples.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_nt(M, N, K, bm, bn, bk, dtype="bfloat16", acc_dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), dtype), B: T.Tensor((N, K), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_s = T.alloc_shared((bm, bk), dtype)
            b_s = T.alloc_shared((bn, bk), dtype)
            acc = T.alloc_fragment((bm, bn), acc_dtype)
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[by * bm, ko * bk], a_s)
                T.copy(B[bx * bn, ko * bk], b_s)
                T.gemm(a_s, b_s, acc, transpose_B=True)
            T.copy(acc, C[by * bm, bx * bn])

    return kernel


kernel = matmul_nt(128, 128, 128, 32, 32, 32)
