# A1 stages the tensor windows a T.Parallel nest over on-chip blocks reads or writes element by
# element (src/passes/tensor_windows.cc): each load `T[base_i + i, base_j + j]` in an expression
# or under a condition becomes a copy of the window into a block before the nest, each computed
# store a block the nest computes and a T.copy of it to the window, a store under a row guard a
# guarded nest over the bare block (C1's guarded row store). Kernels:
# tests/e2e/kernels/tensor_windows.py.
# RUN: %tltt compile %S/../../e2e/kernels/tensor_windows.py --entry 'mixed_store(64, 96)' --print-after=A1 --stop-after=A1 -o %t.d | FileCheck %s --check-prefix=MIXED
# MIXED: copy B[by * 32 +: 32, bx * 32 +: 32] -> B_win
# MIXED-NEXT: for i in parallel(0 +: 32) {
# MIXED-NEXT: for j in parallel(0 +: 32) {
# MIXED-NEXT: C_win[i, j] = a[i, j] * 2.0f + B_win[i, j]
# MIXED: copy C_win -> C[by * 32 +: 32, bx * 32 +: 32]
# RUN: %tltt compile %S/../../e2e/kernels/tensor_windows.py --entry 'head_windows(64, 3, 64)' --print-after=A1 --stop-after=A1 -o %t.d | FileCheck %s --check-prefix=HEADS
# HEADS: copy X[bz +: 1, by * 32 +: 32, bx * 32 +: 32] -> X_win
# HEADS: x[i, j] = select(i >= j, X_win[i, j], 0.0f)
# HEADS: Y_win[{{i.*}}, {{j.*}}] = x[{{i.*}}, {{j.*}}] * 0.5f + 1.0f
# HEADS: copy Y_win -> Y[bz +: 1, by * 32 +: 32, bx * 32 +: 32]
# RUN: %tltt compile %S/../../e2e/kernels/tensor_windows.py --entry 'guarded_rows(96, 64)' --print-after=A1 --stop-after=A1 -o %t.d | FileCheck %s --check-prefix=GUARD
# GUARD: copy A[by * 32 +: 32, bx * 32 +: 32] -> A_win
# GUARD: if by * 32 + i < count {
# GUARD-NEXT: acc[i, j] = cast(float32, A_win[i, j] * bfloat16(3.0))
# GUARD: alloc C_win: shared bfloat16[32, 32]
# GUARD: C_win[[[I:i.*]], [[J:j.*]]] = cast(bfloat16, acc[[[I]], [[J]]])
# GUARD: if [[I]] < count - by * 32 {
# GUARD-NEXT: C[by * 32 + [[I]], bx * 32 + [[J]]] = C_win[[[I]], [[J]]]
# C1 then makes the guarded nest a copy of the block's first rows:
# RUN: %tltt compile %S/../../e2e/kernels/tensor_windows.py --entry 'guarded_rows(96, 64)' --print-after=C1 --stop-after=C1 -o %t.d | FileCheck %s --check-prefix=ROWS
# ROWS: copy C_win -> C[by * 32 +: min({{count.*}} - by * 32, 32), bx * 32 +: 32]
# A window the nest's variables address out of order (a transposed write) is stored from a block
# the nest computes with its loops swapped (reading x through a transposed twin); what stays a
# located error: an index that is not `base + v` (`j // 2`).
# RUN: %tltt compile %s --entry 'limits(64, 0)' --print-after=A1 --stop-after=A1 -o %t.d | FileCheck %s --check-prefix=TRANSPOSED
# TRANSPOSED: copy x -> x_t {transpose = true}
# TRANSPOSED: = x_t[{{.*}}] * 2.0f
# TRANSPOSED: copy Y_win -> Y
# RUN: not %tltt compile %s --entry 'limits(64, 1)' -o %t.d 2>&1 | FileCheck %s --check-prefix=DIV
# DIV: tensor-windows.py:[[@LINE+18]]:21: error: a store to tensor 'Y' at [i, j // 2] in a T.Parallel nest
import tilelang
import tilelang.language as T


@tilelang.jit
def limits(M, mode):

    @T.prim_func
    def k(X: T.Tensor((M, M), "float32"), Y: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((M, M), "float32")
            T.copy(X[0, 0], x)
            if mode == 0:
                for i, j in T.Parallel(M, M):
                    Y[j, i] = x[i, j] * 2.0
            else:
                for i, j in T.Parallel(M, M):
                    Y[i, j // 2] = x[i, j] + 1.0

    return k


kernel = limits(64, 0)
