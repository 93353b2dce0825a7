# Data-dependent masks from small index tensors (issue 13): a per-column keep mask computed in a
# 1-D T.Parallel nest from an index row compared with the block index (sparse attention's
# `mask[j] = Indices[.., base + j] <= q`), stored to a bool block and read back as the condition
# of a select between 0 and -inf over a score block; the same mask as a conjunction of two
# comparisons spelled with `&` (one with a kernel scalar, one with the padding value -1); and an
# index compared directly inside a 2-D nest.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def keep_mask(M, N, bm=32, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Idx: T.Tensor((M // bm, N), "int32"),
             Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            keep = T.alloc_fragment((bn,), "bool")
            T.copy(X[by * bm, bx * bn], x)
            for j in T.Parallel(bn):
                keep[j] = Idx[by, bx * bn + j] <= by
            for i, j in T.Parallel(bm, bn):
                x[i, j] = T.exp(x[i, j] + T.if_then_else(keep[j], 0, -T.infinity("float32")))
            T.copy(x, Y[by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[3])
def both_masks(M, N, bm=32, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Idx: T.Tensor((M // bm, N), "int32"), s: T.int32,
             Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            keep = T.alloc_fragment((bn,), "bool")
            T.copy(X[by * bm, bx * bn], x)
            for j in T.Parallel(bn):
                keep[j] = (Idx[by, bx * bn + j] <= s) & (Idx[by, bx * bn + j] != -1)
            for i, j in T.Parallel(bm, bn):
                x[i, j] = T.if_then_else(keep[j], x[i, j] * 2.0, 0.5)
            T.copy(x, Y[by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[2])
def index_select(M, N, bm=32, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Idx: T.Tensor((M // bm, N), "int32"),
             Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                x[i, j] = T.if_then_else(Idx[by, bx * bn + j] >= 0, x[i, j], -1.0)
            T.copy(x, Y[by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[1])
def max_positions(M, N, bm=32, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), P: T.Tensor((M, N), "int32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            m = T.alloc_fragment((bm,), "float32")
            p = T.alloc_fragment((bm, bn), "int32")
            T.copy(X[by * bm, bx * bn], x)
            T.reduce_max(x, m, dim=1)
            T.fill(p, -1)
            for i, j in T.Parallel(bm, bn):
                p[i, j] = T.if_then_else(m[i] == x[i, j], bx * bn + j, p[i, j])
            T.copy(p, P[by * bm, bx * bn])

    return main


kernel = keep_mask(64, 128)
