# Position masks written as `if` statements in a T.Parallel nest (issue 13 item 5): `if i < j:
# a[i, j] = 0` (the strict upper triangle of each diagonal block cleared in place, as chunked
# linear-attention kernels do) and an if/else storing one block from both branches. B3 stores a
# select per element instead (`a[i, j] = T.if_then_else(i < j, 0, a[i, j])`), which it lowers
# to mask tiles.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1, 2])
def branch_masks(M, bm=64, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, bm), dtype), L: T.Tensor((M, bm), dtype),
             Y: T.Tensor((M, bm), dtype)):
        with T.Kernel(M // bm) as bx:
            a = T.alloc_fragment((bm, bm), dtype)
            y = T.alloc_fragment((bm, bm), dtype)
            T.copy(X[bx * bm, 0], a)
            for i, j in T.Parallel(bm, bm):
                if i > j:
                    y[i, j] = a[i, j] * 2.0
                else:
                    y[i, j] = a[i, j] + 1.0
            for i, j in T.Parallel(bm, bm):
                if i < j:
                    a[i, j] = 0
            T.copy(a, L[bx * bm, 0])
            T.copy(y, Y[bx * bm, 0])

    return main


kernel = branch_masks(128)
