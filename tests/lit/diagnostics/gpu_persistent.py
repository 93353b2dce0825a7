# T.Persistent loops are GPU-only.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for t in T.Persistent([4, 4], 8, bx):
                T.clear(B)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}gpu_persistent.py:12:22: error: 'T.Persistent' is a GPU-only construct and is not supported on Tenstorrent
# CHECK-NEXT: {{^}}            for t in T.Persistent([4, 4], 8, bx):
# CHECK-NEXT: {{^}}                     ^~~~~~~~~~~~
