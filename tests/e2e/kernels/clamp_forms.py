# T.max / T.min of a tile with a constant other than 0, T.clamp, and T.min with a float32 kernel
# parameter (B3 lowers them to unary_max_tile / unary_min_tile with the scalar's bits): a row's
# absolute maximum floored at a constant, values scaled by it, clamped to [lo, hi] and capped.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def clamp_rows(M, N, floor=0.9, lo=-0.6, hi=0.45, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bm)) as bx:
            x = T.alloc_shared((bm, N), dtype)
            amax = T.alloc_fragment((bm,), "float32")
            s = T.alloc_fragment((bm,), "float32")
            y = T.alloc_fragment((bm, N), dtype)
            T.copy(X[bx * bm, 0], x)
            T.reduce_absmax(x, amax, dim=1)
            for i in T.Parallel(bm):
                s[i] = T.max(amax[i], floor)
            for i, j in T.Parallel(bm, N):
                y[i, j] = T.clamp(x[i, j] / s[i], lo, hi) + T.min(x[i, j], -0.25)
            T.copy(y, Y[bx * bm, 0])

    return main


@tilelang.jit(out_idx=[1])
def cap_scalar(M, N, bm=32, bn=64, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype), cap: T.float32):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), dtype)
            y = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = T.max(T.min(x[i, j], cap), -0.5)
            T.copy(y, Y[by * bm, bx * bn])

    return main


kernel = clamp_rows(64, 128)
