# Blocks smaller than a tile (8 rows per T.Kernel block) are rejected by lower-to-sfpu with a
# hint on how to restructure the grid; element-wise loops over [block_M] vectors are reported.
# RUN: not %tltt compile %s --stop-after=B3 2>&1 | FileCheck %s
# RUN: not %tltt compile %s --stop-after=B3 --entry 'rows(256, 64, 32)' 2>&1 | FileCheck %s --check-prefix=VEC
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rows(M, N, bm):

    @T.prim_func
    def main(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(M, bm), threads=128) as bx:
            x = T.alloc_shared((bm, N), "bfloat16")
            y = T.alloc_fragment((bm, N), "bfloat16")
            v = T.alloc_fragment((bm,), "bfloat16")
            T.copy(X[bx * bm, 0], x)
            for i, j in T.Parallel(bm, N):
                y[i, j] = T.exp(x[i, j])
            for i in T.Parallel(bm):
                v[i] = T.exp(v[i])
            T.copy(y, Y[bx * bm, 0])

    return main


kernel = rows(256, 64, 8)

# CHECK: sub-tile.py:20:17: error: element-wise loop over 'y' of shape [8, 64]: blocks smaller than a 32x32 tile cannot be computed by tile operations; give every T.Kernel block at least 32 rows
# CHECK-SAME: T.Kernel(T.ceildiv(M, 32)) with [32, N] blocks
# VEC-NOT: error: element-wise loop over 'y'
# VEC: sub-tile.py:22:17: error: element-wise loop over the per-row/per-column vector 'v' of shape [32] is not supported
