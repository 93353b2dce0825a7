# Kernel-local integer scalars computed from data in a loop that also does tile work (issue 13):
# `if flags[g, k] > 0: last = k` beside the loop's loads and sums. A1 evaluates the scalar part
# of the loop in every kernel (scalar_slices.cc), from the elements the reader reads and hands
# over, and the loop keeps its tile work; the flags are also staged for the loop's branch.
import tilelang
import tilelang.language as T


# Per group: the sum of the row blocks whose flag is set, stored at the block of the last set
# flag (block 0 of the group when none is).
@tilelang.jit(out_idx=[-1])
def last_flag(groups, per, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), flags: T.Tensor((groups, per), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            acc = T.alloc_fragment((bm, dim), dtype)
            last = T.alloc_var("int32")
            last = 0
            T.clear(acc)
            for k in T.serial(per):
                if flags[g, k] > 0:
                    last = k
                    T.copy(X[(g * per + k) * bm:(g * per + k + 1) * bm, :], x)
                    for i, j in T.Parallel(bm, dim):
                        acc[i, j] += x[i, j]
            T.copy(acc, Y[(g * per + last) * bm:(g * per + last + 1) * bm, :])

    return main


# The same tensor read by a branch in the loop and by an integer let after it (the store's
# block offset): both the staged element and the reader's element read (this used to stop
# with an internal error).
@tilelang.jit(out_idx=[-1])
def branch_and_let(groups, per, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), flags: T.Tensor((groups, per), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            acc = T.alloc_fragment((bm, dim), dtype)
            T.clear(acc)
            for k in T.serial(per):
                if flags[g, k] > 0:
                    T.copy(X[(g * per + k) * bm:(g * per + k + 1) * bm, :], x)
                    for i, j in T.Parallel(bm, dim):
                        acc[i, j] += x[i, j]
            at = T.max(T.min(flags[g, 0], per - 1), 0)
            T.copy(acc, Y[(g * per + at) * bm:(g * per + at + 1) * bm, :])

    return main


kernel = last_flag(4, 3, 64)
