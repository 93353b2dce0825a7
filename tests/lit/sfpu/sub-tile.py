# Blocks of 8 rows per T.Kernel block copied with row windows of the tensors are padded to whole
# tiles by B1 (the element-wise loops then work on the padded tiles); blocks of 8 columns stored
# to column windows are not (B1 pads column windows that are read, not ones stored to) and are
# rejected by lower-to-sfpu with a hint on how to restructure the grid; with 32-row blocks the
# [block_M] vector loop becomes a tile op on the per-row vector tile.
# RUN: %tltt compile %s --stop-after=B3 --print-after=B3 -o %t 2>&1 | FileCheck %s --check-prefix=PAD
# RUN: not %tltt compile %s --stop-after=B3 --entry 'cols(64, 256, 8)' 2>&1 | FileCheck %s
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


@tilelang.jit(out_idx=[-1])
def cols(M, N, bn):

    @T.prim_func
    def main(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bn), threads=128) as bx:
            x = T.alloc_shared((M, bn), "bfloat16")
            y = T.alloc_fragment((M, bn), "bfloat16")
            T.copy(X[0, bx * bn], x)
            for i, j in T.Parallel(M, bn):
                y[i, j] = T.exp(x[i, j])
            T.copy(y, Y[0, bx * bn])

    return main


kernel = rows(256, 64, 8)

# PAD: alloc y: fragment bfloat16[32, 64]
# PAD: tt.sfpu(region(x), region(y), tile.exp(region(x)))
# CHECK: sub-tile.py:42:17: error: element-wise loop over 'y' of shape [64, 8]: blocks smaller than a 32x32 tile cannot be computed by tile operations; give every T.Kernel block at least 32 rows
# CHECK-SAME: T.Kernel(T.ceildiv(M, 32)) with [32, N] blocks
# VEC: alloc v: fragment bfloat16[32, 32] {tt.vector = "col"}
# VEC: tt.sfpu(region(x), region(y), tile.exp(region(x)))
# VEC-NEXT: tt.sfpu(region(v), region(v), tile.exp(region(v)))
