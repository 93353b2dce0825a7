# Compile-time division by zero in the factory.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):
    block = N // (M - M)

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32")):
        with T.Kernel(block) as bx:
            T.clear(A)

    return kern


kernel = make(4, 8)
# CHECK: {{.*}}division_by_zero.py:8:13: error: division by zero
# CHECK-NEXT: {{^}}    block = N // (M - M)
# CHECK-NEXT: {{^}}            ^~~~~~~~~~~~
