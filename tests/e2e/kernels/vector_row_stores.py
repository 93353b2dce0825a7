# Per-row vectors stored to parts of a tensor run, blocks stored transposed and windows whose
# origin a loop names (issue 13, data movement): only the first rows of a block's statistic
# (`if i < valid:` of a head group narrower than the block; `if base + i < n:` of a sequence's
# last rows), a one-element statistic copied to one element of a [rows, heads] tensor, a block
# stored transposed beside an ordinary store, and key windows `K[start:end, :]` with `start`
# named before the copy. A1 turns the stores into copies of the vector's first rows (the writer
# stores those rows only), swaps the loops of the transposed store, and reads the window's
# origin and extent through the names.
import tilelang
import tilelang.language as T


# Row sums of a [bh, dim] block of heads of which only the first `valid` belong to this block
# (the rest are the next block's): L[b, h, s] for h in the block's group.
@tilelang.jit
def group_sums(batch, heads, splits, dim, bh=32, valid=8, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((batch, heads + bh, splits, dim), dtype),
             L: T.Tensor((batch, heads, splits), dtype)):
        with T.Kernel(batch, heads // valid, splits) as (b, g, s):
            x = T.alloc_fragment((bh, dim), dtype)
            r = T.alloc_fragment((bh,), dtype)
            T.copy(X[b, g * valid:g * valid + bh, s, :], x)
            T.reduce_sum(x, r, dim=1)
            for i in T.Parallel(bh):
                if i < valid:
                    L[b, g * valid + i, s] = r[i]

    return main


# One query row per block scored against a block of keys: the row's maximum score is a vector of
# one element, copied to one element of M[t, h] (blocks of one row are not grouped: the key
# block is 32 rows).
@tilelang.jit
def row_max_scores(tokens, heads, dim, keys=32, dtype="float16"):

    @T.prim_func
    def main(Q: T.Tensor((tokens, heads, dim), dtype), K: T.Tensor((keys, heads, dim), dtype),
             M: T.Tensor((tokens, heads), "float32")):
        with T.Kernel(tokens, heads) as (t, h):
            q = T.alloc_shared((1, dim), dtype)
            k = T.alloc_shared((keys, dim), dtype)
            s = T.alloc_fragment((1, keys), "float32")
            m = T.alloc_fragment((1,), "float32")
            T.copy(Q[t, h:h + 1, :], q)
            T.copy(K[:, h, :], k)
            T.clear(s)
            T.gemm(q, k, s, transpose_B=True)
            T.reduce_max(s, m, dim=1)
            T.copy(m, M[t, h:h + 1])

    return main


# Row sums of packed variable-length sequences (offsets in cu), stored for the rows each
# sequence has: `if by * bm + i < n: D[bz, bx, by * bm + i] = d[i]`.
@tilelang.jit
def packed_row_sums(batch, tokens, heads, dim, max_len, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((tokens, heads, dim), dtype), cu: T.Tensor((batch + 1,), "int32"),
             D: T.Tensor((batch, heads, max_len), dtype)):
        with T.Kernel(heads, T.ceildiv(max_len, bm), batch) as (bx, by, bz):
            x = T.alloc_fragment((bm, dim), dtype)
            d = T.alloc_fragment((bm,), dtype)
            start = cu[bz]
            n = cu[bz + 1] - start
            T.copy(X[start + by * bm:start + (by + 1) * bm, bx, :], x)
            T.reduce_sum(x, d, dim=1)
            for i in T.Parallel(bm):
                if by * bm + i < n:
                    D[bz, bx, by * bm + i] = d[i]

    return main


# A [bs, bs] block of products stored as it is (P) and transposed (N) in one nest, of tensors
# [batch, seq, heads, bs] tiled on seq and bs; the inputs hold two halves of 2 * seq rows, summed,
# read in windows named before the copy (`k_start`, `k_end`).
@tilelang.jit
def both_ways(batch, seq, heads, bs=32, dtype="float32"):

    @T.prim_func
    def main(A: T.Tensor((batch, 2 * seq, heads, bs), dtype),
             B: T.Tensor((batch, 2 * seq, heads, bs), dtype),
             P: T.Tensor((batch, seq, heads, bs), dtype), N: T.Tensor((batch, seq, heads, bs), dtype)):
        with T.Kernel(seq // bs, batch * heads) as (c, bh):
            b = bh // heads
            h = bh % heads
            a = T.alloc_fragment((bs, bs), dtype)
            kb = T.alloc_fragment((bs, bs), dtype)
            p = T.alloc_fragment((bs, bs), dtype)
            T.clear(p)
            for k in T.serial(2):
                k_start = k * seq + c * bs
                k_end = k * seq + (c + 1) * bs
                T.copy(A[b, k_start:k_end, h, :], a)
                T.copy(B[b, k_start:k_end, h, :], kb)
                for i, j in T.Parallel(bs, bs):
                    p[i, j] += a[i, j] * kb[i, j]
            for i, j in T.Parallel(bs, bs):
                P[b, c * bs + i, h, j] = p[i, j]
                N[b, c * bs + j, h, i] = p[i, j]

    return main


kernel = group_sums(2, 64, 2, 64)
