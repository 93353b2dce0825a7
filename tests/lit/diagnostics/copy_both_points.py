# T.copy with a single element on both sides.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.copy(A[0, 0], B[0, 0])

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}copy_both_points.py:12:13: error: T.copy cannot infer the copy extent: both operands are single elements; use a slice or a whole buffer on one side
# CHECK-NEXT: {{^}}            T.copy(A[0, 0], B[0, 0])
# CHECK-NEXT: {{^}}            ^~~~~~~~~~~~~~~~~~~~~~~~
