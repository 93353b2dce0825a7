# Row softmax in the eager form.
import tilelang
import tilelang.language as T


@tilelang.jit
def row_softmax(X, block_rows=32, dtype=T.float16, accum_dtype=T.float32):
    M, N = T.const("M, N")
    X: T.Tensor((M, N), dtype)
    Y = T.empty((M, N), dtype)
    log2e = 1.4426950408889634

    with T.Kernel(T.ceildiv(M, block_rows), threads=128) as bx:
        x_tile = T.alloc_shared((block_rows, N), dtype)
        x = T.alloc_fragment((block_rows, N), accum_dtype)
        row_max = T.alloc_fragment((block_rows,), accum_dtype)
        row_sum = T.alloc_fragment((block_rows,), accum_dtype)
        T.copy(X[bx * block_rows:(bx + 1) * block_rows, :], x_tile)
        T.copy(x_tile, x)
        T.reduce_max(x, row_max, dim=1)
        for i, j in T.Parallel(block_rows, N):
            x[i, j] = T.exp2((x[i, j] - row_max[i]) * log2e)
        T.reduce_sum(x, row_sum, dim=1)
        for i, j in T.Parallel(block_rows, N):
            x[i, j] = x[i, j] / row_sum[i]
        T.copy(x, x_tile)
        T.copy(x_tile, Y[bx * block_rows:(bx + 1) * block_rows, :])

    return Y


kernel = row_softmax.compile(M=256, N=512)
