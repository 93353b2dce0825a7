# Row softmax written the way TileLang code keeps a whole row on chip: copy the rows in, reduce
# them to the row maximum, exponentiate in place, reduce to the sum, write exp(x - max) / sum.
# Rows wider than L1 are streamed in chunks by A4 (three passes over the row).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def softmax(M, N, blk_m=32, dtype="bfloat16"):
    accum = "float32"
    log2e = 1.44269504

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, blk_m), threads=128) as bx:
            x_s = T.alloc_shared((blk_m, N), dtype)
            x = T.alloc_fragment((blk_m, N), accum)
            y = T.alloc_shared((blk_m, N), dtype)
            mx = T.alloc_fragment((blk_m,), accum)
            s = T.alloc_fragment((blk_m,), accum)
            T.copy(X[bx * blk_m, 0], x_s)
            T.copy(x_s, x)
            T.reduce_max(x, mx, dim=1)
            for i, j in T.Parallel(blk_m, N):
                x[i, j] = T.exp2((x[i, j] - mx[i]) * log2e)
            T.reduce_sum(x, s, dim=1)
            for i, j in T.Parallel(blk_m, N):
                y[i, j] = x[i, j] / s[i]
            T.copy(y, Y[bx * blk_m, 0])

    return main


kernel = softmax(64, 256)
