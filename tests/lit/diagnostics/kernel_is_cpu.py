# CPU kernels are rejected.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1, is_cpu=True) as bx:
            T.clear(A)

    return kern


kernel = make(4)
# CHECK: {{.*}}kernel_is_cpu.py:11:26: error: T.Kernel(is_cpu=True) is not supported on Tenstorrent
# CHECK-NEXT: {{^}}        with T.Kernel(1, is_cpu=True) as bx:
# CHECK-NEXT: {{^}}                         ^~~~~~
