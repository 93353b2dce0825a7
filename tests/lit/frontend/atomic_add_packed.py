# T.atomic_addx2 / T.atomic_addx4 (a GPU's packed atomic add of 2 or 4 consecutive elements,
# given as buffer elements) are the atomic add of that region along the last axis.
# RUN: %tltt parse %s --entry 'acc(64)' | FileCheck %s
# RUN: %tltt parse %s --entry 'bad(64)' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def acc(N):

    @T.prim_func
    def k(A: T.Tensor((N, N), "float32"), Out: T.Tensor((N, N), "float32")):
        with T.Kernel(N // 32) as bx:
            a = T.alloc_shared((32, N), "float32")
            T.copy(A[bx * 32, 0], a)
            for i, j in T.Parallel(32, N // 4):
                T.atomic_addx4(Out[bx * 32 + i, j * 4], a[i, j * 4])
            for i, j in T.Parallel(32, N // 2):
                T.atomic_addx2(Out[bx * 32 + i, j * 2], a[i, j * 2])

    return k


@tilelang.jit
def bad(N):

    @T.prim_func
    def k(A: T.Tensor((N, N), "float32"), Out: T.Tensor((N, N), "float32")):
        with T.Kernel(1) as bx:
            # expected-error@+1 {{T.atomic_addx4 expects a buffer element (e.g. B[i, 4 * j]), got float}}
            T.atomic_addx4(Out[0, 0], 1.0)

    return k


# CHECK: for j in parallel(0 +: 16) {
# CHECK-NEXT: atomic_add Out[bx * 32 + i +: 1, j * 4 +: 4] += region(a[i +: 1, j * 4 +: 4])
# CHECK: for j_1 in parallel(0 +: 32) {
# CHECK-NEXT: atomic_add Out[bx * 32 + i_1 +: 1, j_1 * 2 +: 2] += region(a[i_1 +: 1, j_1 * 2 +: 2])
