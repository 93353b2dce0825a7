# A prim_func cannot return a value.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.clear(B)
        return 3

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}prim_func_return_value.py:13:9: error: a kernel body cannot return a value
# CHECK-NEXT: {{^}}        return 3
# CHECK-NEXT: {{^}}        ^~~~~~~~
