# T.Kernel() with no grid extents launches a single block; it has no block index to bind, so
# `as` names after it are an error.
# RUN: %tltt parse %s --entry 'one(64)' | FileCheck %s
# RUN: %tltt run %s --entry 'one(64)' | FileCheck --check-prefix=RAN %s
# RUN: not %tltt parse %s --entry 'named(64)' 2>&1 | FileCheck --check-prefix=NAMED %s
import tilelang
import tilelang.language as T


@tilelang.jit
def one(M):

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32"), B: T.Tensor((M, M), "float32")):
        with T.Kernel():
            s = T.alloc_shared((M, M), "float32")
            T.copy(A, s)
            T.copy(s, B)

    return k


@tilelang.jit
def named(M):

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32")):
        with T.Kernel() as bx:
            A[0, 0] = 1.0

    return k


# CHECK: launch (bx < 1) {
# CHECK-NEXT: alloc s: shared float32[64, 64]
# CHECK-NEXT: copy A -> s
# RAN: PASS
# NAMED: kernel_no_grid.py:28:28: error: T.Kernel() has no grid dimensions to bind
