# Tensor runs read element by element in 2-D T.Parallel nests and a computed per-row vector
# stored to a tensor run (issue 13 item 5): `x[i, j] * S[base + i, g]` (per-row scales of
# group g), `T.exp(G[base + i, g] - G[base + j, g])` (one run read per row and per column) and
# `R[base + i, g] = r[i] * 0.5`. A1 copies each run into an on-chip vector before its nest
# (the per-column read through the vector's transposed twin) and computes the stored vector
# before copying it to the run.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3, 4, 5])
def run_scales(M, N, groups=2, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), S: T.Tensor((M, groups), dtype),
             G: T.Tensor((M, groups), dtype), Y: T.Tensor((M, groups * N), dtype),
             D: T.Tensor((M, groups * bm), dtype), R: T.Tensor((M, groups), dtype)):
        with T.Kernel(M // bm, groups) as (bx, by):
            x = T.alloc_shared((bm, N), dtype)
            y = T.alloc_fragment((bm, N), dtype)
            d = T.alloc_fragment((bm, bm), dtype)
            r = T.alloc_fragment((bm,), dtype)
            T.copy(X[bx * bm, 0], x)
            for i, j in T.Parallel(bm, N):
                y[i, j] = x[i, j] * S[bx * bm + i, by]
            for i, j in T.Parallel(bm, bm):
                d[i, j] = T.exp(G[bx * bm + i, by] - G[bx * bm + j, by])
            T.reduce_sum(y, r, dim=1)
            for i in T.Parallel(bm):
                R[bx * bm + i, by] = r[i] * 0.5
            T.copy(y, Y[bx * bm, by * N])
            T.copy(d, D[bx * bm, by * bm])

    return main


kernel = run_scales(64, 64)
