# Kernel bodies recover per statement: three independent errors are reported.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_shared((64, 64), "float32")
            T.copy(A[0:32, :], s)
            B[0] = 1.0
            T.fill(s)
            T.copy(s, B)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}recovery_three_errors.py:13:13: error: T.copy shape mismatch: source 'A' region [32, 64] vs destination 's' region [64, 64]
# CHECK-NEXT: {{^}}            T.copy(A[0:32, :], s)
# CHECK-NEXT: {{^}}            ^~~~~~~~~~~~~~~~~~~~~
# CHECK-NEXT: {{.*}}recovery_three_errors.py:14:13: error: buffer 'B' has rank 2 but is indexed with 1 index
# CHECK-NEXT: {{^}}            B[0] = 1.0
# CHECK-NEXT: {{^}}            ^~~~
# CHECK-NEXT: {{.*}}recovery_three_errors.py:15:13: error: T.fill() missing required argument 'value'
# CHECK-NEXT: {{^}}            T.fill(s)
# CHECK-NEXT: {{^}}            ^~~~~~~~~
