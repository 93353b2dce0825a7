# Kernel scalars whose names are also names of the compiler's own runtime arguments (the block
# range's `start_id` and `count`): each keeps a runtime-argument slot of its own (E1 names a
# scalar's argument `scalar:<name>`). Before, a row bound `count` shared the block count's slot,
# so each core ran `count` blocks and read past the end of every DRAM buffer.
import tilelang
import tilelang.language as T


# y = 2x + 1 on the first `count` rows, stored row by row (a guarded row store with a scalar
# bound); the rows from `count` on are left as they were.
@tilelang.jit
def rows_below(M, N, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), count: T.int32, Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bm)) as by:
            x = T.alloc_shared((bm, N), dtype)
            y = T.alloc_fragment((bm, N), "float32")
            o = T.alloc_shared((bm, N), dtype)
            T.copy(X[by * bm:(by + 1) * bm, :], x)
            for i, j in T.Parallel(bm, N):
                y[i, j] = x[i, j] * 2.0 + 1.0
            T.copy(y, o)
            for i, j in T.Parallel(bm, N):
                if by * bm + i < count:
                    Y[by * bm + i, j] = o[i, j]

    return main


# The first start_id + count rows of X scaled by the float scalar `count_scale`: integer
# scalars named like both block-range arguments, and a float scalar beside them.
@tilelang.jit
def row_window(M, N, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), start_id: T.int32, count: T.int32, count_scale: T.float32,
             Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bm)) as by:
            x = T.alloc_shared((bm, N), dtype)
            y = T.alloc_fragment((bm, N), "float32")
            o = T.alloc_shared((bm, N), dtype)
            T.copy(X[by * bm:(by + 1) * bm, :], x)
            for i, j in T.Parallel(bm, N):
                y[i, j] = x[i, j] * count_scale
            T.copy(y, o)
            for i, j in T.Parallel(bm, N):
                if by * bm + i < start_id + count:
                    Y[by * bm + i, j] = o[i, j]

    return main


kernel = rows_below(128, 64)
