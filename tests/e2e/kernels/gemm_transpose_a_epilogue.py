# GEMM with A stored transposed (C = relu(A^T @ B) * s, A is [K, M]) in a kernel that also runs
# element-wise compute: every K step transposes the A block through DST and then re-initialises
# the matrix engine (the matmul init of a kernel with several kinds of compute op) before the
# matmul; the ReLU epilogue reads the accumulator from its CB.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_tn_relu(M, N, K, bm, bn, bk, s=0.5, dtype="bfloat16", acc_dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((K, M), dtype), B: T.Tensor((K, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            a_s = T.alloc_shared((bk, bm), dtype)
            b_s = T.alloc_shared((bk, bn), dtype)
            acc = T.alloc_fragment((bm, bn), acc_dtype)
            out = T.alloc_fragment((bm, bn), dtype)
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[ko * bk, by * bm], a_s)
                T.copy(B[ko * bk, bx * bn], b_s)
                T.gemm(a_s, b_s, acc, transpose_A=True)
            for i, j in T.Parallel(bm, bn):
                out[i, j] = T.max(acc[i, j], 0.0) * s
            T.copy(out, C[by * bm, bx * bn])

    return kernel


kernel = matmul_tn_relu(128, 128, 256, 64, 64, 64)
