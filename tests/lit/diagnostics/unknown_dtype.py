# A dtype string that names no type.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_shared((64, 64), "float17")

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}unknown_dtype.py:12:42: error: unknown dtype 'float17'
# CHECK-NEXT: {{^}}            s = T.alloc_shared((64, 64), "float17")
# CHECK-NEXT: {{^}}                                         ^~~~~~~~~
