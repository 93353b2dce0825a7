# A T.* name that TileLang does not have.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.frobnicate(A)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}unknown_construct.py:12:13: error: 'T.frobnicate' is not a supported TileLang construct
# CHECK-NEXT: {{^}}            T.frobnicate(A)
# CHECK-NEXT: {{^}}            ^~~~~~~~~~~~
