# T.copy of a number.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.copy(3, B)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}copy_not_a_buffer.py:12:20: error: T.copy source must be a buffer or a buffer region, got int
# CHECK-NEXT: {{^}}            T.copy(3, B)
# CHECK-NEXT: {{^}}                   ^
