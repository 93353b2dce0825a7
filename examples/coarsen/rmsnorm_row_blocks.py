# RMSNorm written with one row per T.Kernel block (blk_m=1, as GPU TileLang code often is): A1
# groups 32 consecutive blocks into one 32-row block, so each core computes whole tiles.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rms_norm_rows(M, N, blk_m=1, eps=1e-6):
    dtype = "float32"

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, blk_m), threads=128) as row:
            x = T.alloc_fragment((blk_m, N), dtype)
            sq = T.alloc_fragment((blk_m, N), dtype)
            inv = T.alloc_fragment((blk_m,), dtype)
            T.copy(X[row * blk_m:(row + 1) * blk_m, :], x)
            for i, j in T.Parallel(blk_m, N):
                sq[i, j] = x[i, j] * x[i, j]
            T.reduce_sum(sq, inv, dim=1)
            for i in T.Parallel(blk_m):
                inv[i] = T.rsqrt(inv[i] / N + eps)
            for i, j in T.Parallel(blk_m, N):
                x[i, j] *= inv[i]
            T.copy(x, Y[row * blk_m:(row + 1) * blk_m, :])

    return main


kernel = rms_norm_rows(256, 256)
