# Mask bounds read from int32 index tensors inside compute (issue 13 item 6): the decode and
# varlen kernels' `k_idx < cache_seqlens[b]` and `i < cu[b + 1] - cu[b]`. The reader reads the
# elements (D3, passes/index_reads.h) into a small mailbox CB it pushes to compute, which takes
# the words from the CB's front page (read_tile_value) and compares positions with them. The
# runner's random integers in [-8, 8] make many bounds negative or inside a tile.
import tilelang
import tilelang.language as T


# Rows of batch b past lens[b] are zeroed (a row mask against one element).
@tilelang.jit(out_idx=[-1])
def row_bound(batch, seq, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((batch, seq, dim), dtype), lens: T.Tensor((batch,), "int32"),
             Y: T.Tensor((batch, seq, dim), dtype)):
        with T.Kernel(seq // bm, batch) as (bx, bz):
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), "float32")
            n = lens[bz]
            T.copy(X[bz, bx * bm:(bx + 1) * bm, :], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = T.if_then_else(bx * bm + i < n, x[i, j] * 2.0, -1.0)
            T.copy(y, Y[bz, bx * bm:(bx + 1) * bm, :])

    return main


# A varlen-style block: rows gathered from cu[b] (the reader's offset) and columns past the
# sequence's length cu[b + 1] - cu[b] (a difference of two elements compute needs) masked.
@tilelang.jit(out_idx=[-1])
def varlen_columns(batch, tokens, heads, dim, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((tokens, heads, dim), dtype), cu: T.Tensor((batch + 1,), "int32"),
             Y: T.Tensor((batch, heads, bn, dim), dtype)):
        with T.Kernel(heads, batch) as (by, bz):
            x = T.alloc_shared((bn, dim), dtype)
            y = T.alloc_fragment((bn, dim), "float32")
            start = cu[bz]
            n = cu[bz + 1] - start
            T.copy(X[start:start + bn, by, :], x)
            for i, j in T.Parallel(bn, dim):
                y[i, j] = T.if_then_else(j < n, x[i, j] + 1.0, 0.0)
            T.copy(y, Y[bz, by, :, :])

    return main


# The writer's offsets from an index tensor too: block b is stored at row max(off[b], 0) +
# 40 b of Y, off the tile grid (the writer's row_scatter); the reader hands the element to both
# compute (the mask bound off[b] + 16) and the writer, each through its own mailbox CB.
@tilelang.jit(out_idx=[-1])
def scatter_rows(batch, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((batch * bm, dim), dtype), off: T.Tensor((batch,), "int32"),
             Y: T.Tensor((batch * 40 + 16, dim), dtype)):
        with T.Kernel(batch) as bz:
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), "float32")
            o = T.alloc_shared((bm, dim), dtype)
            row = T.max(off[bz], 0) + bz * 40
            T.copy(X[bz * bm:(bz + 1) * bm, :], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = T.if_then_else(i < off[bz] + 16, x[i, j] - 0.5, 3.0)
            T.copy(y, o)
            T.copy(o, Y[row:row + bm, :])

    return main


kernel = row_bound(2, 96, 64)
