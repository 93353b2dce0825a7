# Masks whose bound is a run-time value (issue 13): a column bound that is an integer kernel
# scalar (`bx * bn + j < n_valid`, varlen attention's `k * block_N + j < seqlen_k`) with -inf
# before a row maximum, a row bound from a block index and a constant offset that is not a
# multiple of 32 (`by * bm + i + 5 >= (bz + 1) * 40`), and block masks (`i // 64 >= j // 64`,
# block-causal attention), chosen by a flag of the block position the way block-causal
# attention chooses its diagonal (`select(flag, select(P, 1, 0), select(Q, 1, 0)) > 0`). B3
# makes the run-time bound masks from the reader's index tile compared with the bound in DST,
# and the block and flag masks one fill per tile.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2, 3])
def bounded(M, N, bm=32, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), n_valid: T.int32, Y: T.Tensor((M, N), "float32"),
             R: T.Tensor((M,), "float32")):
        with T.Kernel(M // bm) as by:
            x = T.alloc_fragment((bm, bn), "float32")
            s = T.alloc_fragment((bm, bn), "float32")
            m = T.alloc_fragment((bm,), "float32")
            T.fill(m, -T.infinity("float32"))
            for k in T.serial(N // bn):
                T.copy(X[by * bm, k * bn], x)
                for i, j in T.Parallel(bm, bn):
                    s[i, j] = T.if_then_else(k * bn + j < n_valid, x[i, j],
                                             -T.infinity("float32"))
                T.reduce_max(s, m, dim=1, clear=False)
                for i, j in T.Parallel(bm, bn):
                    x[i, j] = T.if_then_else(n_valid <= k * bn + j, 0, x[i, j] * 2.0)
                T.copy(x, Y[by * bm, k * bn])
            T.copy(m, R[by * bm])

    return main


@tilelang.jit(out_idx=[1])
def row_bound(B, M, N, bm=64, bn=32):

    @T.prim_func
    def main(X: T.Tensor((B, M, N), "float32"), Y: T.Tensor((B, M, N), "float32")):
        with T.Kernel(N // bn, M // bm, B) as (bx, by, bz):
            x = T.alloc_fragment((bm, bn), "float32")
            y = T.alloc_fragment((bm, bn), "float32")
            T.copy(X[bz, by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = T.if_then_else(by * bm + i + 5 >= (bz + 1) * 40, -1.0e9, x[i, j] + 1.0)
            T.copy(y, Y[bz, by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[1])
def block_masks(M, N, bm=128, bn=128, block=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            y = T.alloc_fragment((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = T.if_then_else((by * bm + i) // block >= (bx * bn + j) // block,
                                         x[i, j], -1.0e6)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = y[i, j] + T.if_then_else(i // block == j // block, 1.0, 0.0)
            T.copy(y, Y[by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[1])
def block_flags(M, N, bm=128, bn=128, block=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            y = T.alloc_fragment((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                allowed = T.if_then_else(bx == by, T.if_then_else(i // block == j // block, 1, 0),
                                         T.if_then_else(i // block > j // block, 1, 0))
                y[i, j] = T.if_then_else(allowed > 0, x[i, j], -1.0e6)
            T.copy(y, Y[by * bm, bx * bn])

    return main


kernel = bounded(64, 256)
