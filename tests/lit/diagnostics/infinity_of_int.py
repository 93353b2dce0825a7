# T.infinity needs a float dtype.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.fill(B, T.infinity("int32"))

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}infinity_of_int.py:12:34: error: T.infinity needs a floating-point dtype, got int32
# CHECK-NEXT: {{^}}            T.fill(B, T.infinity("int32"))
# CHECK-NEXT: {{^}}                                 ^~~~~~~
