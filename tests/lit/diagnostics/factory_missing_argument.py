# The instantiation omits a factory parameter without default.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.clear(B)

    return kern


kernel = make(64)
# CHECK: {{.*}}factory_missing_argument.py:17:10: error: missing argument 'N' in call to 'make'
# CHECK-NEXT: {{^}}kernel = make(64)
# CHECK-NEXT: {{^}}         ^~~~~~~~
