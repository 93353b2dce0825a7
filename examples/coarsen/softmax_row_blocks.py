# Row softmax with one row per T.Kernel block, streamed over column blocks with a running
# log-sum-exp (the form of GPU TileLang's online softmax): A1 groups 32 rows per block.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def softmax_rows(M, N, BLOCK_M=1, BLOCK_N=128):
    dtype = "bfloat16"
    accum = "float32"
    log2e = 1.44269504

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, BLOCK_M)) as m:
            x = T.alloc_fragment([BLOCK_M, BLOCK_N], dtype)
            y = T.alloc_fragment([BLOCK_M, BLOCK_N], dtype)
            e = T.alloc_fragment([BLOCK_M, BLOCK_N], accum)
            lse = T.alloc_fragment([BLOCK_M], accum)
            mx = T.alloc_fragment([BLOCK_M], accum)
            s = T.alloc_fragment([BLOCK_M], accum)
            T.fill(lse, -T.infinity(accum))
            for n in T.Pipelined(T.ceildiv(N, BLOCK_N)):
                T.copy(X[m * BLOCK_M, n * BLOCK_N], x)
                T.reduce_max(x, mx, dim=1, clear=True)
                for i, j in T.Parallel(BLOCK_M, BLOCK_N):
                    e[i, j] = T.exp2(x[i, j] * log2e - mx[i] * log2e)
                T.reduce_sum(e, s, dim=1, clear=True)
                for i in T.Parallel(BLOCK_M):
                    lse[i] = mx[i] * log2e + T.log2(T.exp2(lse[i] - mx[i] * log2e) + s[i])
            for n in T.Pipelined(T.ceildiv(N, BLOCK_N)):
                T.copy(X[m * BLOCK_M, n * BLOCK_N], x)
                for i, j in T.Parallel(BLOCK_M, BLOCK_N):
                    y[i, j] = T.exp2(x[i, j] * log2e - lse[i])
                T.copy(y, Y[m * BLOCK_M, n * BLOCK_N])

    return main


kernel = softmax_rows(128, 256)
