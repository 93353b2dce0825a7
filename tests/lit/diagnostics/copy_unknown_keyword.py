# An unknown keyword argument to T.copy.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.copy(A, B, fast=True)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}copy_unknown_keyword.py:12:26: error: T.copy() got an unexpected keyword argument 'fast'
# CHECK-NEXT: {{^}}            T.copy(A, B, fast=True)
# CHECK-NEXT: {{^}}                         ^~~~
