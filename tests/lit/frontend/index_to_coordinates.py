# T.index_to_coordinates(index, shape): the row-major coordinates of a flat index into `shape`
# (a tuple of kernel expressions; the first is not reduced modulo its extent).
# RUN: %tltt parse %s --entry 'coords(8)' | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit
def coords(N):

    @T.prim_func
    def k(A: T.Tensor((N, 4, 16), "float32"), B: T.Tensor((N * 64,), "float32")):
        with T.Kernel(1) as bx:
            for idx in T.serial(N * 64):
                i, j, l = T.index_to_coordinates(idx, (N, 4, 16))
                B[idx] = A[i, j, l]

    return k


# CHECK: for idx in serial(0 +: 512) {
# CHECK-NEXT: let i: int32 = idx // 16 // 4
# CHECK-NEXT: let j: int32 = idx // 16 % 4
# CHECK-NEXT: let l: int32 = idx % 16
# CHECK-NEXT: B[idx] = A[i, j, l]
