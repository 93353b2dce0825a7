# T.Kernel takes at most three grid dimensions.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1, 2, 3, 4) as (a, b, c, d):
            T.clear(A)

    return kern


kernel = make(4)
# CHECK: {{.*}}kernel_too_many_dims.py:11:32: error: T.Kernel takes 1 to 3 grid dimensions (got 4)
# CHECK-NEXT: {{^}}        with T.Kernel(1, 2, 3, 4) as (a, b, c, d):
# CHECK-NEXT: {{^}}                               ^
