# RMSNorm over a T.dynamic number of rows (one program for every row count; the rows of the
# partial last block are padding the host program drops).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rms_norm(N, block_rows, eps=1e-6):
    M = T.dynamic("m")

    @T.prim_func
    def rmsnorm(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, block_rows), threads=128) as bx:
            x = T.alloc_fragment((block_rows, N), "float32")
            sq = T.alloc_fragment((block_rows, N), "float32")
            scale = T.alloc_fragment((block_rows,), "float32")
            T.copy(X[bx * block_rows:(bx + 1) * block_rows, :], x)
            for i, j in T.Parallel(block_rows, N):
                sq[i, j] = x[i, j] * x[i, j]
            T.reduce_sum(sq, scale, dim=1)
            for i in T.Parallel(block_rows):
                scale[i] = T.rsqrt(scale[i] / N + eps)
            for i, j in T.Parallel(block_rows, N):
                x[i, j] *= scale[i]
            T.copy(x, Y[bx * block_rows:(bx + 1) * block_rows, :])

    return rmsnorm


kernel = rms_norm(256, 64)
