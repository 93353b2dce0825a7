# An eager kernel whose T.const symbol has no value.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit
def scale(A, factor=2.0):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), T.float32)
    B = T.empty((M, N), T.float32)
    with T.Kernel(1) as bx:
        for i, j in T.Parallel(M, N):
            B[i, j] = A[i, j] * factor
    return B


kernel = scale.compile(M=64)
# CHECK: {{.*}}eager_missing_const.py:8:20: error: no value for T.const symbol 'N' (pass it when instantiating, e.g. scale.compile(N=...), or with --set N=VALUE)
# CHECK-NEXT: {{^}}    M, N = T.const("M, N")
# CHECK-NEXT: {{^}}                   ^~~~~~
