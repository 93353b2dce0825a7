# Row softmax Y = softmax(X, axis=1) for rows that fit one tile row-block (classic form).
# exp(x) is computed as exp2(x * log2(e)), subtracting the row maximum first for stability.
import tilelang as tl
import tilelang.language as T


@tl.jit(out_idx=[1])
def row_softmax(M, N, block_rows=32, dtype="float16"):
    accum_dtype = "float"
    log2e = 1.4426950408889634
    width = tl.next_power_of_2(N)

    @T.prim_func
    def softmax(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(tl.cdiv(M, block_rows), threads=128) as bx:
            x_tile = T.alloc_shared((block_rows, width), dtype)
            x = T.alloc_fragment((block_rows, width), accum_dtype)
            row_max = T.alloc_fragment((block_rows,), accum_dtype)
            row_sum = T.alloc_fragment((block_rows,), accum_dtype)

            T.copy(X[bx * block_rows:(bx + 1) * block_rows, :], x_tile)
            T.copy(x_tile, x)
            T.reduce_max(x, row_max, dim=1)
            for i, j in T.Parallel(block_rows, width):
                x[i, j] = T.exp2((x[i, j] - row_max[i]) * log2e)
            T.reduce_sum(x, row_sum, dim=1)
            for i, j in T.Parallel(block_rows, width):
                x[i, j] = x[i, j] / row_sum[i]
            T.copy(x, x_tile)
            T.copy(x_tile, Y[bx * block_rows:(bx + 1) * block_rows, :])

    return softmax


kernel = row_softmax(256, 512)
