# Element-wise work on a GEMM operand inside the K loop (a prologue of every matmul step): the
# loaded A block goes through ReLU before it is multiplied, into its own buffer or, with
# `in_place=True`, in place. The accumulator then lives in its CB between K steps, since the
# prologue needs DST.
import tilelang.language as T


def relu_a_gemm(M, N, K, block_M=64, block_N=64, block_K=32, in_place=False, dtype="bfloat16",
                accum_dtype="float"):

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_s = T.alloc_shared((block_M, block_K), dtype)
            A_r = A_s if in_place else T.alloc_shared((block_M, block_K), dtype)
            B_s = T.alloc_shared((block_K, block_N), dtype)
            C_l = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_s)
                T.copy(B[k * block_K, bx * block_N], B_s)
                for i, j in T.Parallel(block_M, block_K):
                    A_r[i, j] = T.max(A_s[i, j], 0.0)
                T.gemm(A_r, B_s, C_l)
            T.copy(C_l, C[by * block_M, bx * block_N])

    return main


kernel = relu_a_gemm(128, 128, 128)
