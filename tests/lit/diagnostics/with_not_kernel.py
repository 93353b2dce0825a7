# Only T.Kernel works as a context manager.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            with T.Parallel(4) as f:
                T.clear(B)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}with_not_kernel.py:12:18: error: 'with' is only supported for T.Kernel(...), not T.Parallel
# CHECK-NEXT: {{^}}            with T.Parallel(4) as f:
# CHECK-NEXT: {{^}}                 ^~~~~~~~~~~~~
