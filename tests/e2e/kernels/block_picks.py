# On-chip block access forms (issue 13): one row of a block picked at a serial loop's index
# (`v[j] = b[k, j]` in a 1-D T.Parallel nest and `T.copy(b[k, :], v)`; a split-KV combine
# reading each split's statistics), the column form `v[i] = b[i, k]`, and a block stored
# transposed by a 2-D nest (`bt[j, i] = b[i, j] * s`); one tensor row at a row off the tile grid
# copied into a vector (`T.copy(X[last, 0:D], g)`, a chunk's last token), per column and per row.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def row_pick(N=256, splits=4, bn=64):

    @T.prim_func
    def main(X: T.Tensor((splits, N), "float16"), Y: T.Tensor((N,), "float32")):
        with T.Kernel(N // bn) as bx:
            part = T.alloc_fragment((splits, bn), "float16")
            mx = T.alloc_fragment((bn,), "float32")
            acc = T.alloc_fragment((bn,), "float32")
            cur = T.alloc_fragment((bn,), "float32")
            T.copy(X[0, bx * bn], part)
            T.reduce_max(part, mx, dim=0)
            T.clear(acc)
            for k in T.serial(splits):
                T.copy(part[k, :], cur)
                for j in T.Parallel(bn):
                    acc[j] += T.exp2(cur[j] - mx[j])
            for k in T.serial(splits):
                for j in T.Parallel(bn):
                    acc[j] += part[k, j] * 0.5
            T.copy(acc, Y[bx * bn])

    return main


@tilelang.jit(out_idx=[1])
def col_pick(M=128, cols=64, bm=64):

    @T.prim_func
    def main(X: T.Tensor((M, cols), "float32"), Y: T.Tensor((M,), "float32")):
        with T.Kernel(M // bm) as bx:
            x = T.alloc_fragment((bm, cols), "float32")
            acc = T.alloc_fragment((bm,), "float32")
            T.copy(X[bx * bm, 0], x)
            T.clear(acc)
            for k in T.serial(3):
                for i in T.Parallel(bm):
                    acc[i] += x[i, k * 7 + 1] * (k + 1.0)
            T.copy(acc, Y[bx * bm])

    return main


@tilelang.jit(out_idx=[1])
def transposed_store(M=128, N=64, bm=64, bn=32):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((N, M), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            xt = T.alloc_fragment((bn, bm), "float32")
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                xt[j, i] = x[i, j] * 2.0 + 1.0
            T.copy(xt, Y[bx * bn, by * bm])

    return main


@tilelang.jit(out_idx=[1])
def last_row(S=256, D=64, bs=64):

    @T.prim_func
    def main(X: T.Tensor((S, D), "float32"), Y: T.Tensor((S, D), "float32")):
        with T.Kernel(T.ceildiv(S, bs)) as by:
            last = T.min(S, (by + 1) * bs) - 1
            x = T.alloc_fragment((bs, D), "float32")
            g = T.alloc_shared((D,), "float32")
            T.copy(X[by * bs, 0], x)
            T.copy(X[last, 0:D], g)
            for i, j in T.Parallel(bs, D):
                x[i, j] = x[i, j] - g[j]
            T.copy(x, Y[by * bs, 0])

    return main


@tilelang.jit(out_idx=[2])
def last_row_col(S=256, D=64, bs=64):

    @T.prim_func
    def main(X: T.Tensor((S, D), "float32"), W: T.Tensor((D, D), "float32"),
             O: T.Tensor((S // bs, D), "float32")):
        with T.Kernel(S // bs) as by:
            last = by * bs + bs - 3
            w = T.alloc_fragment((D, D), "float32")
            s = T.alloc_fragment((D,), "float32")
            g = T.alloc_shared((D,), "float32")
            o = T.alloc_fragment((D,), "float32")
            T.copy(W[0, 0], w)
            T.reduce_sum(w, s, dim=1)
            T.copy(X[last, 0:D], g)
            for i in T.Parallel(D):
                o[i] = s[i] * g[i]
            T.copy(o, O[by, 0:D])

    return main


kernel = row_pick()
