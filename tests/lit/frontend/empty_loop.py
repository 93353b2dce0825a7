# A kernel loop over an empty range (an extent the sizes make 0, as a persistent kernel's
# `T.serial(full_waves)` can be) runs no iteration, as Python's range(0) does: its body is
# checked and dropped. A grid extent of 0 stays an error (tests/lit/diagnostics/kernel_zero_extent.py).
# RUN: %tltt parse %s --entry 'make(256, 0)' | FileCheck %s
# RUN: %tltt parse %s --entry 'make(256, 2)' | FileCheck %s --check-prefix=TWO
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(N, waves):

    @T.prim_func
    def kern(A: T.Tensor((N, N), "float32"), B: T.Tensor((N, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for w in T.serial(waves):
                T.copy(A[w * 32:w * 32 + 32, 0:32], B[w * 32:w * 32 + 32, 0:32])
            for k in T.serial(3, 3):
                T.copy(A[k * 32:k * 32 + 32, 0:32], B[0:32, 0:32])
            T.copy(A[0:32, 32:64], B[0:32, 32:64])

    return kern


# CHECK: launch (bx < 1) {
# CHECK-NEXT: copy A[0 +: 32, 32 +: 32] -> B[0 +: 32, 32 +: 32]
# CHECK-NEXT: }
# TWO: for w in serial(0 +: 2) {
# TWO-NOT: for k
