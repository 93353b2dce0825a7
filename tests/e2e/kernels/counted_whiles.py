# `while` loops on kernel expressions that count (issue 13): a kernel-local integer scalar
# compared with a bound the loop leaves alone and raised by a constant at the end of each
# iteration. A1 (passes/counted_whiles.cc) writes each as a serial loop whose trip count every
# kernel computes from the scalar's first value (a grid index here), so programs walk a
# strided set of blocks, some programs none.
import tilelang
import tilelang.language as T


# `programs` programs share `blocks` row blocks round-robin (block p, p + programs, ...); each
# sums the blocks it visits, scaled by the visit's position, and stores the sum at row block
# `b - blocks` of Y, b being the scalar's value after the loop (a permutation of the programs
# when programs <= blocks).
@tilelang.jit(out_idx=[-1])
def strided_sum(blocks, programs, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((blocks * bm, dim), dtype), Y: T.Tensor((programs * bm, dim), dtype)):
        with T.Kernel(programs) as p:
            x = T.alloc_shared((bm, dim), dtype)
            acc = T.alloc_fragment((bm, dim), dtype)
            b = T.alloc_var("int32")
            b = p
            T.clear(acc)
            while b < blocks:
                cur = b
                T.copy(X[cur * bm:(cur + 1) * bm, :], x)
                for i, j in T.Parallel(bm, dim):
                    acc[i, j] += x[i, j] * (cur // programs + 1)
                b = cur + programs
            T.copy(acc, Y[(b - blocks) * bm:(b - blocks + 1) * bm, :])

    return main


# Two walks in a row over each group's `per` row blocks, the second starting where the first
# stopped (the scalar's value after a loop): blocks g * per .. g * per + last[g] (an inclusive
# bound read from an index tensor; random integers in [-8, 8] make some walks empty) are copied
# doubled, the rest of the group's blocks are zeroed.
@tilelang.jit(out_idx=[-1])
def two_walks(groups, per, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), last: T.Tensor((groups,), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), dtype)
            z = T.alloc_fragment((bm, dim), dtype)
            b = T.alloc_local([1], "int32")
            b[0] = g * per
            while b[0] <= T.min(g * per + last[g], (g + 1) * per - 1):
                T.copy(X[b[0] * bm:(b[0] + 1) * bm, :], x)
                for i, j in T.Parallel(bm, dim):
                    y[i, j] = x[i, j] * 2.0
                T.copy(y, Y[b[0] * bm:(b[0] + 1) * bm, :])
                b[0] = b[0] + 1
            while (g + 1) * per > b[0]:
                T.clear(z)
                T.copy(z, Y[b[0] * bm:(b[0] + 1) * bm, :])
                b[0] = b[0] + 1

    return main


kernel = strided_sum(7, 3, 64)
