# RMSNorm in the eager form.
import tilelang
import tilelang.language as T


@tilelang.jit
def rms_norm(X, block_rows, eps=1e-6, dtype=T.float32):
    M, N = T.const("M, N")
    X: T.Tensor((M, N), dtype)
    Y = T.empty((M, N), dtype)

    with T.Kernel(T.ceildiv(M, block_rows), threads=128) as bx:
        x_tile = T.alloc_shared((block_rows, N), dtype)
        x = T.alloc_fragment((block_rows, N), dtype)
        sq = T.alloc_fragment((block_rows, N), dtype)
        scale = T.alloc_fragment((block_rows,), dtype)
        T.copy(X[bx * block_rows:(bx + 1) * block_rows, :], x_tile)
        T.copy(x_tile, x)
        for i, j in T.Parallel(block_rows, N):
            sq[i, j] = x[i, j] * x[i, j]
        T.reduce_sum(sq, scale, dim=1)
        for i in T.Parallel(block_rows):
            scale[i] = T.rsqrt(scale[i] / N + eps)
        for i, j in T.Parallel(block_rows, N):
            x[i, j] *= scale[i]
        T.copy(x, Y[bx * block_rows:(bx + 1) * block_rows, :])

    return Y


kernel = rms_norm.compile(M=256, N=512, block_rows=32)
