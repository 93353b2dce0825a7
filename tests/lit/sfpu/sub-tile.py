# Blocks smaller than a tile (8 rows per T.Kernel block) are rejected by lower-to-sfpu with a
# hint on how to restructure the grid; with 32-row blocks the [block_M] vector loop becomes a
# tile op on the per-row vector tile.
# RUN: not %tltt compile %s --stop-after=B3 2>&1 | FileCheck %s
# RUN: %tltt compile %s --stop-after=B3 --print-after=B3 --entry 'rows(256, 64, 32)' -o %t 2>&1 | FileCheck %s --check-prefix=VEC
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

# CHECK: sub-tile.py:21:17: error: element-wise loop over 'y' of shape [8, 64]: blocks smaller than a 32x32 tile cannot be computed by tile operations; give every T.Kernel block at least 32 rows
# CHECK-SAME: T.Kernel(T.ceildiv(M, 32)) with [32, N] blocks
# VEC: alloc v: fragment bfloat16[32, 32] {tt.vector = "col"}
# VEC: tt.sfpu(region(x), region(y), tile.exp(region(x)))
# VEC-NEXT: tt.sfpu(region(v), region(v), tile.exp(region(v)))
