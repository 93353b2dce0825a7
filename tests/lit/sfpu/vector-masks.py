# B3 lowers position masks in 1-D T.Parallel nests over vectors to the run-time bound masks of
# 2-D nests, on the vector's axis (rows of a per-row vector, columns of a per-column one), and
# `base + i == n` / `!=` to two bound masks (n and n + 1). A1 turns a guarded vector store
# `if base + i < n: T[.., base + i] = v[i]` into a copy of min(n - base, L) elements (a row
# write). Selects on an infinity test blend tile values clamped to +-3e38 first, and an `if`
# (`elif`, `else`) over element stores inside a nest, among other statements, is one select
# per stored element (A1 lets its condition read on-chip data).
# Kernels: tests/e2e/kernels/vector_masks.py, tests/e2e/kernels/infinity_selects.py.
# RUN: %tltt compile %S/../../e2e/kernels/vector_masks.py --stop-after=A1 --print-after=A1 | FileCheck %s --check-prefix=RUNS
# RUN: %tltt compile %S/../../e2e/kernels/vector_masks.py --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=ROWS
# RUN: %tltt compile %S/../../e2e/kernels/vector_masks.py --entry 'column_bound(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=COLS
# RUN: %tltt compile %S/../../e2e/kernels/vector_masks.py --entry 'last_row(160, 64)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=EQ
# RUN: %tltt compile %S/../../e2e/kernels/infinity_selects.py --set n_rows=40 --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=INF
# RUN: not %tltt compile %s --stop-after=B3 2>&1 | FileCheck %s --check-prefix=ERR
# RUN: not %tltt compile %s --entry 'branch_copy(64)' --stop-after=B3 2>&1 | FileCheck %s --check-prefix=BRANCH
# An `if` whose stored value reads another element store of the `if` stays a branch: C2's error.
# RUN: rm -rf %t && not %tltt compile %s --entry 'dependent_if(64)' -o %t 2>&1 | FileCheck %s --check-prefix=DEPENDENT
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def unsupported(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), n: T.int32, Y: T.Tensor((M, N), "float32")):
        with T.Kernel(M // 64) as by:
            x = T.alloc_fragment((64, N), "float32")
            s = T.alloc_fragment((64,), "float32")
            T.copy(X[by * 64, 0], x)
            T.reduce_max(x, s, dim=1)
            for i in T.Parallel(64):
                s[i] = T.if_then_else(by * 64 + i * 2 < n, s[i], 0.0)
            for i, j in T.Parallel(64, N):
                x[i, j] = T.if_then_else(x[i, j] < -T.infinity("float32"), 1.0, x[i, j])
            for i, j in T.Parallel(64, N):
                x[i, j] = x[i, j] - s[i]
            T.copy(x, Y[by * 64, 0])

    return main


@tilelang.jit(out_idx=[1])
def branch_copy(M):

    @T.prim_func
    def main(X: T.Tensor((M, 32), "float32"), Y: T.Tensor((M, 32), "float32")):
        with T.Kernel(M // 32) as by:
            x = T.alloc_fragment((32, 32), "float32")
            T.copy(X[by * 32, 0], x)
            if x[0, 0] > 0:
                T.copy(x, Y[by * 32, 0])

    return main


@tilelang.jit(out_idx=[1])
def dependent_if(M):

    @T.prim_func
    def main(X: T.Tensor((M, 32), "float32"), Y: T.Tensor((M, 32), "float32")):
        with T.Kernel(M // 32) as by:
            x = T.alloc_fragment((32, 32), "float32")
            y = T.alloc_fragment((32, 32), "float32")
            T.copy(X[by * 32, 0], x)
            T.copy(X[by * 32, 0], y)
            for i, j in T.Parallel(32, 32):
                if x[i, j] > 0:
                    y[i, j] = x[i, j]
                    x[i, j] = y[i, j] + 1.0
            T.copy(x, Y[by * 32, 0])

    return main


kernel = unsupported(128, 64)

# RUNS: copy s[0 +: min(length - bx * 64, 64), 0 +: 32] -> G[bz +: 1, bx * 64 +: min(length - bx * 64, 64), 0 +: 32]
# ROWS: tt.sfpu(region(mask_0), region(s), region(r), tile.add(tile.mul(tile.mul(region(s), 2.0f), tile.mask(region(mask_0), bx * 64, length, axis="row", false_value=0.0, relation="row_index", true_value=1.0)), tile.mul(-1.0f, tile.mask(region(mask_0), bx * 64, length, axis="row", false_value=1.0, relation="row_index", true_value=0.0))))
# ROWS: tt.sfpu(region(s), region(mask_0), region(S_vec), tile.mul(region(s), tile.mask(region(mask_0), bx * 64, length, axis="row", false_value=0.0, relation="row_index", true_value=1.0)))
# COLS: tile.mask(region(mask_0), bx * 64, n_cols_1, axis="col", false_value=0.0, relation="col_index", true_value=1.0)
# EQ: let last: int32 = min(160, (by + 1) * 64) - 1
# EQ: tile.mul(tile.mul(tile.bcast_row(region(g)), tile.mask(region(mask_0), by * 64, last + 1, axis="row", false_value=0.0, relation="row_index", true_value=1.0)), tile.mask(region(mask_0), by * 64, last, axis="row", false_value=1.0, relation="row_index", true_value=0.0))
# INF: tt.sfpu(region(raw), region(m), tile.mul(tile.min(tile.max(region(raw), -3e+38f), 3e+38f), tile.sub(1.0f, tile.isneginf(region(raw)))))
# INF: tt.sfpu(region(raw), region(m), region(a), tile.mul(tile.min(tile.max(tile.exp(tile.sub(tile.mul(region(raw), 0.5f), region(m))), -3e+38f), 3e+38f), tile.sub(1.0f, tile.isneginf(region(raw)))))
# INF-NEXT: tt.sfpu(region(l), region(a), region(l), tile.add(tile.mul(region(l), region(a)), 1.0f))
# INF-NEXT: tt.sfpu(region(x), region(x), tile.add(tile.mul(-5.0f, tile.isneginf(region(x))), tile.mul(tile.min(tile.max(tile.add(tile.mul(tile.add(region(x), 1.0f), tile.gtz(tile.sub(region(x), 0.25f))), tile.mul(tile.mul(region(x), 2.0f), tile.lez(tile.sub(region(x), 0.25f)))), -3e+38f), 3e+38f), tile.sub(1.0f, tile.isneginf(region(x))))))
# ERR: vector-masks.py:33:24: error: T.if_then_else condition 'by * 64 + i * 2 < n' (run-time bound masks compare `base + i` or `base + j` by <, <=, >, >=, == or != with an integer value known to every core
# ERR: vector-masks.py:35:27: error: T.if_then_else on 'x[i, j] < float32(-inf)' (a comparison with an infinity is lowered by == or != only)
# BRANCH: vector-masks.py:51:13: error: 'if' on an element of on-chip buffer 'x' (control flow that depends on data
# DEPENDENT: vector-masks.py:68:17: error: an `if` on 'x_c[i, j] > 0.0f' in a T.Parallel nest (supported: element stores to on-chip blocks under a position mask or a condition on element values
