# Windows of rank-3/4 tensors at offsets read from int32 index tensors (issue 13 item 6), the
# reads of varlen attention (`q_start = cu_seqlens[b]`) and of decode / sparse kernels that pick
# key blocks by index. The offsets are not multiples of 32 and, with the runner's random
# integers in [-8, 8], often negative: rows before (or past) the tensor read zeros, as
# TileLang's masked T.copy does. The reader reads each element (D3, passes/index_reads.h) and
# gathers the window face row by face row from the tiles of the tensor's outer index (D3's
# shift_gather with a page offset).
import tilelang
import tilelang.language as T


# Packed [tokens, heads, dim] rows of sequence b from `cu[b]` into a padded [batch, len, heads,
# dim] output (A1 tiles (tokens, dim) with heads outer, and (len, dim) with batch, heads outer).
@tilelang.jit(out_idx=[-1])
def varlen_rows(batch, tokens, heads, dim, max_len, bm=32, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((tokens, heads, dim), dtype), cu: T.Tensor((batch + 1,), "int32"),
             Y: T.Tensor((batch, max_len, heads, dim), dtype)):
        with T.Kernel(max_len // bm, heads, batch) as (bx, by, bz):
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), "float32")
            o = T.alloc_shared((bm, dim), dtype)
            start = cu[bz]
            T.copy(X[start + bx * bm:start + bx * bm + bm, by, :], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = x[i, j] * 2.0 + 1.0
            T.copy(y, o)
            T.copy(o, Y[bz, bx * bm:(bx + 1) * bm, by, :])

    return main


# Key blocks of a [batch, seq, heads, dim] cache chosen by a [batch, nsel] index tensor: block
# k of batch b starts at max(Idx[b, k], 0) * 3 + 5 (a signed maximum: negative indices clamp
# to 0), and a second window at Idx[b, k] - 4 (negative for most indices) is added to it.
@tilelang.jit(out_idx=[-1])
def indexed_blocks(batch, seq, heads, dim, nsel, bn=32, dtype="float32"):

    @T.prim_func
    def main(KV: T.Tensor((batch, seq, heads, dim), dtype), Idx: T.Tensor((batch, nsel), "int32"),
             Y: T.Tensor((batch, nsel * bn, heads, dim), dtype)):
        with T.Kernel(nsel, heads, batch) as (bx, by, bz):
            k = T.alloc_shared((bn, dim), dtype)
            v = T.alloc_shared((bn, dim), dtype)
            y = T.alloc_fragment((bn, dim), dtype)
            s = T.max(Idx[bz, bx], 0) * 3 + 5
            t = Idx[bz, bx] - 4
            T.copy(KV[bz, s:s + bn, by, :], k)
            T.copy(KV[bz, t:t + bn, by, :], v)
            for i, j in T.Parallel(bn, dim):
                y[i, j] = k[i, j] + v[i, j]
            T.copy(y, Y[bz, bx * bn:(bx + 1) * bn, by, :])

    return main


# Offsets from the floor quotient and remainder of signed index elements (TileLang's `//` and
# `%` round toward minus infinity, C's toward zero): with indices in [-8, 8], `Idx // 3` reaches
# -3 and `Idx % 5` stays in [0, 4], where C's forms give -2 and negative remainders.
@tilelang.jit(out_idx=[-1])
def floor_offsets(batch, seq, heads, dim, nsel, bn=32, dtype="float32"):

    @T.prim_func
    def main(KV: T.Tensor((batch, seq, heads, dim), dtype), Idx: T.Tensor((batch, nsel), "int32"),
             Y: T.Tensor((batch, nsel * bn, heads, dim), dtype)):
        with T.Kernel(nsel, heads, batch) as (bx, by, bz):
            k = T.alloc_shared((bn, dim), dtype)
            v = T.alloc_shared((bn, dim), dtype)
            y = T.alloc_fragment((bn, dim), dtype)
            s = Idx[bz, bx] // 3 * 4 + 12
            t = Idx[bz, bx] % 5 * 7
            T.copy(KV[bz, s:s + bn, by, :], k)
            T.copy(KV[bz, t:t + bn, by, :], v)
            for i, j in T.Parallel(bn, dim):
                y[i, j] = k[i, j] + v[i, j]
            T.copy(y, Y[bz, bx * bn:(bx + 1) * bn, by, :])

    return main


kernel = varlen_rows(3, 160, 2, 64, 64)
