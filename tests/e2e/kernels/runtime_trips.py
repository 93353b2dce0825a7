# Loops whose trip count is read from an int32 index tensor when the kernel runs (issue 13): the
# key loops of decode and varlen attention, `T.ceildiv(lens[b], bn)` or
# `T.ceildiv(end - start, bn)`. The reader reads the elements and hands them to compute and the
# writer (D3's index mailbox), so all three kernels run the same number of iterations. With the
# runner's random integers in [-8, 8] some counts are zero or negative: such a loop runs no
# iteration (TileLang's ceildiv is a floor division, negative counts compare as int32).
import tilelang
import tilelang.language as T


# Row sums of the first ceildiv(n, bn) key blocks of batch b, n = lens[b] * 20 + 7 (negative
# for lens[b] < 0, then the sum is zero).
@tilelang.jit(out_idx=[-1])
def key_blocks(batch, seq, dim, bn=32, dtype="float32"):

    @T.prim_func
    def main(K: T.Tensor((batch, seq, dim), dtype), lens: T.Tensor((batch,), "int32"),
             Y: T.Tensor((batch * bn, dim), dtype)):
        with T.Kernel(batch) as bz:
            k = T.alloc_shared((bn, dim), dtype)
            acc = T.alloc_fragment((bn, dim), dtype)
            n = T.min(lens[bz] * 20 + 7, seq)
            T.clear(acc)
            for t in T.Pipelined(T.ceildiv(n, bn), num_stages=2):
                T.copy(K[bz, t * bn:(t + 1) * bn, :], k)
                for i, j in T.Parallel(bn, dim):
                    acc[i, j] += k[i, j]
            T.copy(acc, Y[bz * bn:(bz + 1) * bn, :])

    return main


# The trip count read inline in the loop's bounds (`T.ceildiv(lens[bz], bn)`, no let of the
# block): A1 reads the element into a let before the loop, which then runs like the one above.
@tilelang.jit(out_idx=[-1])
def inline_trips(batch, seq, dim, bn=32, dtype="float32"):

    @T.prim_func
    def main(K: T.Tensor((batch, seq, dim), dtype), lens: T.Tensor((batch,), "int32"),
             Y: T.Tensor((batch * bn, dim), dtype)):
        with T.Kernel(batch) as bz:
            k = T.alloc_shared((bn, dim), dtype)
            acc = T.alloc_fragment((bn, dim), dtype)
            T.clear(acc)
            for t in T.Pipelined(T.ceildiv(lens[bz], bn), num_stages=2):
                T.copy(K[bz, t * bn:(t + 1) * bn, :], k)
                for i, j in T.Parallel(bn, dim):
                    acc[i, j] += k[i, j]
            T.copy(acc, Y[bz * bn:(bz + 1) * bn, :])

    return main


# A varlen span [start, end) of packed rows (start = cu[b] * 5 + 40, end = cu[b + 1] * 5 + 70,
# kernel-local scalars), walked in blocks of bn rows from `start`, rows past `end` masked out of
# the sum; the block count a kernel-local scalar too.
@tilelang.jit(out_idx=[-1])
def varlen_span(batch, tokens, dim, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((tokens, dim), dtype), cu: T.Tensor((batch + 1,), "int32"),
             Y: T.Tensor((batch * bn, dim), dtype)):
        with T.Kernel(batch) as bz:
            x = T.alloc_shared((bn, dim), dtype)
            acc = T.alloc_fragment((bn, dim), dtype)
            start = T.alloc_var("int32")
            end = T.alloc_var("int32")
            blocks = T.alloc_var("int32")
            start = cu[bz] * 5 + 40
            end = cu[bz + 1] * 5 + 70
            blocks = T.ceildiv(end - start, bn)
            T.clear(acc)
            for t in T.serial(blocks):
                T.copy(X[start + t * bn:start + (t + 1) * bn, :], x)
                for i, j in T.Parallel(bn, dim):
                    acc[i, j] += T.if_then_else(start + t * bn + i < end, x[i, j], 0.0)
            T.copy(acc, Y[bz * bn:(bz + 1) * bn, :])

    return main


kernel = key_blocks(3, 128, 64)
