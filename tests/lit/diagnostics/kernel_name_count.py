# T.Kernel binds a different number of names than it has dimensions.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(2) as (bx, by):
            T.clear(A)

    return kern


kernel = make(4)
# CHECK: {{.*}}kernel_name_count.py:11:29: error: T.Kernel has 1 grid dimension but binds 2 names
# CHECK-NEXT: {{^}}        with T.Kernel(2) as (bx, by):
# CHECK-NEXT: {{^}}                            ^~~~~~~~
