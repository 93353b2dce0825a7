# Kernel-local integer scalars (issue 13): `T.alloc_var("int32")`, `T.alloc_local([1], "int32")`
# and `T.alloc_var(dtype, init=...)` assigned in the block, in `if`s and in counting loops, then
# used as window offsets, tensor indices and mask bounds. A1 (passes/scalar_vars.h) writes them
# as lets, so each kernel computes them alike; index-tensor elements in them are read by the
# reader and handed to compute and the writer (D3's index mailbox). The runner's random
# integers in [-8, 8] make offsets negative (rows before the tensor read zeros) and bounds
# fall inside a tile.
import tilelang
import tilelang.language as T


# The group of a row block found by a scan over the groups' first rows (`g` is the last group
# starting at or before the block), then the group's weights applied: an `if` of scalar
# assignments in a counting loop, unrolled into selects.
@tilelang.jit(out_idx=[-1])
def group_weights(groups, rows, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((rows, dim), dtype), first: T.Tensor((groups,), "int32"),
             W: T.Tensor((groups, bm, dim), dtype), Y: T.Tensor((rows, dim), dtype)):
        with T.Kernel(rows // bm) as bx:
            x = T.alloc_shared((bm, dim), dtype)
            w = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), dtype)
            g = T.alloc_var("int32")
            g = 0
            for i in T.serial(groups):
                if bx * bm + 4 >= first[i] * 8:
                    g = i
            T.copy(X[bx * bm:(bx + 1) * bm, :], x)
            T.copy(W[g, :, :], w)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = x[i, j] * w[i, j]
            T.copy(y, Y[bx * bm:(bx + 1) * bm, :])

    return main


# A running offset over the earlier batches (`off += lens[i]` for i < bz, a loop bounded by
# the grid) as the row origin of the batch's window, and a length clamped into [0, 40] in a
# one-element local buffer as compute's mask bound.
@tilelang.jit(out_idx=[-1])
def running_offsets(batch, rows, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((rows, dim), dtype), lens: T.Tensor((batch,), "int32"),
             Y: T.Tensor((batch, bm, dim), dtype)):
        with T.Kernel(batch) as bz:
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), dtype)
            off = T.alloc_var("int32", init=bz * 24)
            n = T.alloc_local([1], "int32")
            for i in T.serial(bz):
                off += lens[i] * 3
            n[0] = T.min(T.max(lens[bz] * 5, 0), 40)
            T.copy(X[off:off + bm, :], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = T.if_then_else(i < n[0], x[i, j] + 1.0, -2.0)
            T.copy(y, Y[bz, :, :])

    return main


# A scalar assigned in an `if` on an index element (merged into a select), then reassigned from
# itself: a signed floor division and remainder rotate the blocks (the same shift for every
# block, so the writer's row blocks are a permutation).
@tilelang.jit(out_idx=[-1])
def branch_rows(batch, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((batch * bm, dim), dtype), sel: T.Tensor((batch,), "int32"),
             Y: T.Tensor((batch * bm, dim), dtype)):
        with T.Kernel(batch) as bz:
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), dtype)
            o = T.alloc_shared((bm, dim), dtype)
            s = T.alloc_var("int32")
            if sel[0] > 0:
                s = sel[0] - 9
            else:
                s = sel[0] * 2
            s = (s // 3 + bz) % batch
            T.copy(X[bz * bm:(bz + 1) * bm, :], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = x[i, j] * 0.5 + 1.0
            T.copy(y, o)
            T.copy(o, Y[s * bm:(s + 1) * bm, :])

    return main


kernel = group_weights(3, 128, 64)
