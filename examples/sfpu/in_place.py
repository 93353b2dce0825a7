# In-place updates of loaded blocks: `x_s` is loaded from X and then rewritten by compute
# (centred rows); in `stream_exp`, each pipelined block is updated in place before it is stored.
import tilelang.language as T


def row_center(M, N, block_M=32, dtype="bfloat16", accum_dtype="float"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as (by,):
            x_s = T.alloc_shared((block_M, N), dtype)
            s = T.alloc_fragment((block_M,), accum_dtype)
            T.copy(X[by * block_M, 0], x_s)
            T.reduce_sum(x_s, s, dim=1)
            for i, j in T.Parallel(block_M, N):
                x_s[i, j] = x_s[i, j] - s[i] / N
            T.copy(x_s, Y[by * block_M, 0])

    return main


def stream_exp(M, N, block_M=32, block_N=64, dtype="bfloat16"):

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as (by,):
            a_s = T.alloc_shared((block_M, block_N), dtype)
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=2):
                T.copy(A[by * block_M, k * block_N], a_s)
                for i, j in T.Parallel(block_M, block_N):
                    a_s[i, j] = T.exp(a_s[i, j]) - 1.0
                T.copy(a_s, B[by * block_M, k * block_N])

    return main


kernel = row_center(128, 128)
