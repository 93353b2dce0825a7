# GEMM with A stored transposed (C = A^T @ B, A is [K, M]) through T.gemm(transpose_A=True): the
# compute kernel transposes every A tile through DST before the matrix engine uses it.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_tn(M, N, K, bm, bn, bk, dtype="bfloat16", acc_dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((K, M), dtype), B: T.Tensor((K, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_s = T.alloc_shared((bk, bm), dtype)
            b_s = T.alloc_shared((bk, bn), dtype)
            acc = T.alloc_fragment((bm, bn), acc_dtype)
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[ko * bk, by * bm], a_s)
                T.copy(B[ko * bk, bx * bn], b_s)
                T.gemm(a_s, b_s, acc, transpose_A=True)
            T.copy(acc, C[by * bm, bx * bn])

    return kernel


kernel = matmul_tn(128, 128, 256, 64, 64, 64)
