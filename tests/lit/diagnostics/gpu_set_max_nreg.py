# Register-count control is GPU-only.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.set_max_nreg(240, 1)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}gpu_set_max_nreg.py:12:13: error: 'T.set_max_nreg' is a GPU-only construct and is not supported on Tenstorrent
# CHECK-NEXT: {{^}}            T.set_max_nreg(240, 1)
# CHECK-NEXT: {{^}}            ^~~~~~~~~~~~~~
