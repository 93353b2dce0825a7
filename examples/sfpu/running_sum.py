# A float32 running sum of bfloat16 blocks across a pipelined loop (operands of different dtypes
# are added in DST), then the last loaded block is updated in place with it and stored.
import tilelang.language as T


def running_sum(M, N, block_M=32, block_N=64, dtype="bfloat16", accum_dtype="float"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), S: T.Tensor((M, block_N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as (by,):
            x_s = T.alloc_shared((block_M, block_N), dtype)
            acc = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=2):
                T.copy(X[by * block_M, k * block_N], x_s)
                for i, j in T.Parallel(block_M, block_N):
                    acc[i, j] = acc[i, j] + x_s[i, j]
            for i, j in T.Parallel(block_M, block_N):
                x_s[i, j] = x_s[i, j] * 2.0 + acc[i, j]
            T.copy(x_s, S[by * block_M, 0])

    return main


kernel = running_sum(64, 256)
