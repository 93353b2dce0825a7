# Buffer shapes must be positive.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_fragment((0, 64), "float32")

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}alloc_zero_shape.py:12:34: error: shape entries must be positive, got 0
# CHECK-NEXT: {{^}}            s = T.alloc_fragment((0, 64), "float32")
# CHECK-NEXT: {{^}}                                 ^~~~~~~
