# A grid extent that is not positive.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(M - 64, threads=128) as bx:
            T.clear(B)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}kernel_zero_extent.py:11:23: error: grid extent must be positive, got 0
# CHECK-NEXT: {{^}}        with T.Kernel(M - 64, threads=128) as bx:
# CHECK-NEXT: {{^}}                      ^~~~~~
