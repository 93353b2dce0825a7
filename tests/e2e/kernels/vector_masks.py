# Position masks in 1-D T.Parallel nests over vectors and equality masks (issue 13): a per-row
# sum stored to a tensor run only for the rows before a length read from an offsets tensor
# (varlen attention's `lse[b, h, s0 + i] = v[i] if s0 + i < seqlen else 0`, and the guarded
# store `if s0 + i < seqlen: lse[b, h, s0 + i] = v[i]`, a row write), a per-column sum
# bounded the same way, a kernel-scalar bound compared by >= and the last row of a block
# picked out by `last == base + i` (a chunk's last token) in a 2-D nest and by != in a 1-D one.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2, 3, 4])
def row_lengths(B, M, N, bm=64):

    @T.prim_func
    def main(X: T.Tensor((B, M, N), "float32"), offs: T.Tensor((B + 1,), "int32"),
             S: T.Tensor((B, M), "float32"), R: T.Tensor((B, M), "float32"),
             G: T.Tensor((B, M), "float32")):
        with T.Kernel(M // bm, B) as (bx, bz):
            x = T.alloc_fragment((bm, N), "float32")
            s = T.alloc_fragment((bm,), "float32")
            r = T.alloc_fragment((bm,), "float32")
            length = offs[bz + 1] - offs[bz] + 40  # in [24, 56] with the runner's integers
            T.copy(X[bz, bx * bm, 0], x)
            T.reduce_sum(x, s, dim=1)
            for i in T.Parallel(bm):
                r[i] = T.if_then_else(bx * bm + i >= length, -1.0, s[i] * 2.0)
            T.copy(r, R[bz, bx * bm])
            for i in T.Parallel(bm):
                S[bz, bx * bm + i] = T.if_then_else(bx * bm + i < length, s[i], 0)
            for i in T.Parallel(bm):
                if bx * bm + i < length:
                    G[bz, bx * bm + i] = s[i]

    return main


@tilelang.jit(out_idx=[2])
def column_bound(M, N, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), n_cols: T.int32, C: T.Tensor((N,), "float32")):
        with T.Kernel(N // bn) as bx:
            x = T.alloc_fragment((M, bn), "float32")
            c = T.alloc_fragment((bn,), "float32")
            d = T.alloc_fragment((bn,), "float32")
            T.copy(X[0, bx * bn], x)
            T.reduce_max(x, c, dim=0)
            for j in T.Parallel(bn):
                d[j] = T.if_then_else(n_cols <= bx * bn + j, 0.0, c[j] + 1.0)
            T.copy(d, C[bx * bn])

    return main


@tilelang.jit(out_idx=[1, 2])
def last_row(M, N, bm=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32"),
             Z: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, bm)) as by:
            last = T.min(M, (by + 1) * bm) - 1
            x = T.alloc_fragment((bm, N), "float32")
            y = T.alloc_fragment((bm, N), "float32")
            g = T.alloc_fragment((N,), "float32")
            s = T.alloc_fragment((bm,), "float32")
            z = T.alloc_fragment((bm,), "float32")
            T.copy(X[by * bm, 0], x)
            T.reduce_sum(x, g, dim=0)
            T.reduce_sum(x, s, dim=1)
            for i, j in T.Parallel(bm, N):
                y[i, j] = x[i, j] * 0.5 + T.if_then_else(last == by * bm + i, g[j], 0.0)
            for i in T.Parallel(bm):
                z[i] = T.if_then_else(by * bm + i != last, s[i], 100.0)
            T.copy(y, Y[by * bm, 0])
            T.copy(z, Z[by * bm])

    return main


kernel = row_lengths(2, 128, 64)
