# Output blocks given a value first and overwritten only on some paths (issue 13): a cleared
# block overwritten under a condition of the grid, in the else branch, in nested branches, and
# a block copied out on one path only. The writer copies out every value compute pushes into
# the output CB, so C4 moves such a write into the branches (passes/cb_branch_writes.cc): it
# must happen only on the paths that copy it out.
import tilelang
import tilelang.language as T


# `T.clear(y); if by != 1: y = 2x`: the block row 1 is zero, the others 2x.
@tilelang.jit(out_idx=[1])
def cleared(M, N, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), dtype)
            y = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x)
            T.clear(y)
            if by != 1:
                for i, j in T.Parallel(bm, bn):
                    y[i, j] = x[i, j] * 2
            T.copy(y, C[by * bm, bx * bn])

    return main


# A fill overwritten in the else branch only, and in a branch nested in it (bx == 1): block
# row 0 keeps the fill, the others get 2x, or x + 3 in block column 1.
@tilelang.jit(out_idx=[1])
def nested(M, N, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), dtype)
            y = T.alloc_fragment((bm, bn), dtype)
            z = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x)
            T.fill(y, 1.5)
            if by == 0:
                for i, j in T.Parallel(bm, bn):
                    z[i, j] = x[i, j] + 1
            else:
                if bx == 1:
                    for i, j in T.Parallel(bm, bn):
                        y[i, j] = x[i, j] + 3
                else:
                    for i, j in T.Parallel(bm, bn):
                        y[i, j] = x[i, j] * 2
            T.copy(y, C[by * bm, bx * bn])

    return main


kernel = cleared(96, 64)
