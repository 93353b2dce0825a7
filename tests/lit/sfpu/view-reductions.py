# Reductions of on-chip views and vectors (A1 squeeze_unit_blocks and fold_onchip_views, B3
# reduce; kernels: tests/e2e/kernels/view_reductions.py). A [n, 1] or [1, n] block becomes a
# vector (`o[i, 0]` reads the per-row vector o, a [1, H] row of weights a per-column vector); a
# reduction of a whole T.reshape view [M, 1, H] along its last axis into a vector of M elements
# is a row reduction of the block it views. A vector reduced whole into a one-element block
# reduces its one tile row (per-column vector: dim "row") or tile column (per-row vector).
# RUN: %tltt compile %S/../../e2e/kernels/view_reductions.py --entry 'head_sums(64, 32, 64)' --stop-after=A1 --print-after=A1 | FileCheck %s --check-prefix=VIEW
# RUN: %tltt compile %S/../../e2e/kernels/view_reductions.py --entry 'scalar_absmax(64, 64)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=ROWVEC
# RUN: %tltt compile %S/../../e2e/kernels/view_reductions.py --entry 'scalar_absmax(64, 96, axis=1)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=COLVEC
# RUN: not %tltt compile %s --entry 'k(0)' --stop-after=A1 2>&1 | FileCheck %s --check-prefix=LEAD
# RUN: not %tltt compile %s --entry 'k(1)' --stop-after=A1 2>&1 | FileCheck %s --check-prefix=LEN
# RUN: %tltt compile %s --entry 'staged(0)' --stop-after=A1 --print-after=A1 2>&1 | FileCheck %s --check-prefix=STAGED
import tilelang
import tilelang.language as T

# VIEW: alloc o: fragment float32[64, 32] {tt.vector = "col"}
# VIEW-NEXT: alloc w: fragment float32[32, 32] {tt.vector = "row"}
# VIEW: s[i_row, h] = max(s[i_row, h], 0.0f) * w[0, h]
# VIEW: reduce_sum s -> o, dim=1, clear=true
# VIEW: o[i, 0] = -1.5f
# VIEW: Y[i_1, 0] = o[i_1, 0]

# ROWVEC: alloc m: fragment float32[32, 32] {tt.scalar_element = true, tt.vector = "col"}
# ROWVEC: tt.sfpu(region(sums), region(sums_abs), tile.abs(region(sums)))
# ROWVEC-NEXT: tt.reduce(region(sums_abs), region(reduce_scaler), region(m), clear=true, dim="row", op="max")
# COLVEC: tt.reduce(region(sums_abs), region(reduce_scaler), region(m), clear=true, dim="col", op="max")


# Reductions of a view the block's rows do not hold: along a leading axis, or into a 2-D block.
@tilelang.jit(out_idx=[1])
def k(mode):
    dt = "float32"

    @T.prim_func
    def main(X: T.Tensor((64, 64), dt), Y: T.Tensor((64, 64), dt)):
        with T.Kernel(1) as bx:
            s = T.alloc_fragment((64, 64), dt)
            v = T.reshape(s, (2, 32, 64))
            T.copy(X[0, 0], s)
            if mode == 0:
                o = T.alloc_fragment((2, 64), dt)
                T.reduce_sum(v, o, dim=1)
            else:
                o = T.alloc_fragment((2, 32), dt)
                T.reduce_sum(v, o, dim=2)
            T.copy(s, Y[0, 0])

    return main


kernel = k(0)

# LEAD: view-reductions.py:42:17: error: T.reduce of 'v', a T.reshape view of on-chip block 's' with 3 dimensions, has no Tenstorrent lowering yet; reduce a 2-D block, or the whole view along its last dimension into a vector of one element per row of the block
# LEN: view-reductions.py:45:17: error: T.reduce of 'v', a T.reshape view of on-chip block 's' with 3 dimensions


# A [1, n] GEMM accumulator keeps its two axes, and so does the [1, n] block it is copied into;
# a [1, n] row read at row 0 in a 2-D nest becomes a per-column vector.
@tilelang.jit(out_idx=[2])
def staged(mode):
    dt = "float32"

    @T.prim_func
    def main(A: T.Tensor((1, 64), dt), B: T.Tensor((64, 64), dt), Y: T.Tensor((64, 64), dt)):
        with T.Kernel(1) as bx:
            a = T.alloc_shared((1, 64), dt)
            b = T.alloc_shared((64, 64), dt)
            acc = T.alloc_fragment((1, 64), dt)
            st = T.alloc_shared((1, 64), dt)
            r = T.alloc_fragment((1, 64), dt)
            T.copy(A[0, 0], a)
            T.copy(B[0, 0], b)
            T.copy(A[0, 0], r)
            T.gemm(a, b, acc, clear_accum=True)
            T.copy(acc, st)
            for i, j in T.Parallel(64, 64):
                b[i, j] = b[i, j] * r[0, j]
            T.copy(b, Y[0, 0])

    return main

# STAGED: alloc acc: fragment float32[1, 64]
# STAGED-NEXT: alloc st: shared float32[1, 64]
# STAGED-NEXT: alloc r: fragment float32[32, 64] {tt.vector = "row"}
# STAGED: b[i, j] = b[i, j] * r[0, j]
