# A kernel variable used where a compile-time condition is needed.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i in T.Parallel(64):
                assert i < 3
                B[0, i] = A[0, i]

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}kernel_expr_as_python_condition.py:13:24: error: the kernel expression 'i < 3' is used where a compile-time condition is needed
# CHECK-NEXT: {{^}}                assert i < 3
# CHECK-NEXT: {{^}}                       ^~~~~
