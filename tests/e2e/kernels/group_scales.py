# A per-row vector stored into one column of a 2-D tensor by a 1-D T.Parallel nest
# (`S[base + i, g] = s[i]`, issue 13 item 5): A1 reads it as the copy of a vector run, so S
# becomes a vector-run tensor. Per-group row scales of a [M, N] matrix in groups of `group`
# columns, floored at a constant, and the matrix divided by them.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1, 2])
def group_scales(M, N, group=64, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype),
             S: T.Tensor((M, N // group), dtype)):
        with T.Kernel(T.ceildiv(M, bm), N // group) as (bx, by):
            x = T.alloc_shared((bm, group), dtype)
            amax = T.alloc_fragment((bm,), dtype)
            s = T.alloc_fragment((bm,), dtype)
            y = T.alloc_fragment((bm, group), dtype)
            T.copy(X[bx * bm, by * group], x)
            T.reduce_absmax(x, amax, dim=1)
            for i in T.Parallel(bm):
                s[i] = T.max(amax[i], 0.5) * 0.25
            for i, j in T.Parallel(bm, group):
                y[i, j] = x[i, j] / s[i]
            for i in T.Parallel(bm):
                S[bx * bm + i, by] = s[i]
            T.copy(y, Y[bx * bm, by * group])

    return main


kernel = group_scales(64, 256)
