# A for statement without its colon.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i in T.Parallel(64)
                B[0, i] = A[0, i]

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}syntax_missing_colon.py:12:36: error: expected ':' after the 'for' header, found end of line
# CHECK-NEXT: {{^}}            for i in T.Parallel(64)
# CHECK-NEXT: {{^}}                                   ^
