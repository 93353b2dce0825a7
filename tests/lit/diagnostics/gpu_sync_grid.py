# T.sync_grid is GPU-only.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.sync_grid()

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}gpu_sync_grid.py:12:13: error: 'T.sync_grid' is a GPU-only construct and is not supported on Tenstorrent
# CHECK-NEXT: {{^}}            T.sync_grid()
# CHECK-NEXT: {{^}}            ^~~~~~~~~~~
