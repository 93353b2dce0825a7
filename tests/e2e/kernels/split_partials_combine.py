# Two device programs sharing a scratch tensor in different tiles: the first writes per-row
# partial sums of each column split as a vector along the rows (`part[h0:h0 + 32, s]`, stored
# with the rows as the tiled dimension), the second reads them element by element (`part[h, s]`,
# one element per tile): the host program re-tiles the scratch tensor between the programs.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def split_partials_combine(H, S, D, dtype="float32"):

    @T.prim_func
    def kernel(X: T.Tensor((H, S * D), dtype), Out: T.Tensor((H, D), dtype)):
        part = T.alloc_global((H, S), dtype)
        with T.Kernel(H // 32, S) as (hb, s):
            xb = T.alloc_fragment((32, D), dtype)
            v = T.alloc_fragment((32,), dtype)
            T.copy(X[hb * 32, s * D], xb)
            T.reduce_sum(xb, v, dim=1)
            T.copy(v, part[hb * 32 : hb * 32 + 32, s])
        with T.Kernel(H) as h:
            o = T.alloc_fragment((D,), dtype)
            tot = T.alloc_var(dtype)
            tot = 0.0
            for k in T.serial(S):
                tot += part[h, k]
            for i in T.Parallel(D):
                o[i] = X[h, i] * tot
            T.copy(o, Out[h, 0:D])

    return kernel


kernel = split_partials_combine(64, 2, 64)
