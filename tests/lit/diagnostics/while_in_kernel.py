# while loops are not kernel statements.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            n = 0
            while n < 4:
                n += 1

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}while_in_kernel.py:13:13: error: 'while' loops are not supported in kernels; use T.serial or range
# CHECK-NEXT: {{^}}            while n < 4:
# CHECK-NEXT: {{^}}            ^~~~~
