# A T.Kernel inside another.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            with T.Kernel(2) as inner:
                T.clear(B)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}kernel_nested.py:12:18: error: T.Kernel cannot be nested inside another T.Kernel
# CHECK-NEXT: {{^}}            with T.Kernel(2) as inner:
# CHECK-NEXT: {{^}}                 ^~~~~~~~~~~
