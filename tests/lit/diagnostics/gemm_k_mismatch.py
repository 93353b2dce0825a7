# T.gemm operands whose K extents differ.
# RUN: %tltt parse %s --verify-diagnostics
# The rendering (location, source line, caret under the whole call) is checked here once:
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((64, 32), "float16")
            b = T.alloc_shared((16, 64), "float16")
            c = T.alloc_fragment((64, 64), "float32")
            # expected-error@+1 {{T.gemm shape mismatch: A is 64x32 and B is 16x64, so the K extents differ (32 vs 16)}}
            T.gemm(a, b, c)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}gemm_k_mismatch.py:18:13: error: T.gemm shape mismatch: A is 64x32 and B is 16x64, so the K extents differ (32 vs 16)
# CHECK-NEXT: {{^}}            T.gemm(a, b, c)
# CHECK-NEXT: {{^}}            ^~~~~~~~~~~~~~~
