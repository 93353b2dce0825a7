# break is not supported inside kernel loops.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i in T.serial(64):
                break

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}break_in_kernel.py:13:17: error: 'break' is not supported in kernels
# CHECK-NEXT: {{^}}                break
# CHECK-NEXT: {{^}}                ^~~~~
