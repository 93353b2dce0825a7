# Allocations need a kernel.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    buf = T.alloc_shared((M, M), "float16")
    return buf


kernel = make(4)
# CHECK: {{.*}}alloc_outside_kernel.py:8:11: error: T.alloc_shared can only be used inside a kernel (a @T.prim_func body or T.Kernel)
# CHECK-NEXT: {{^}}    buf = T.alloc_shared((M, M), "float16")
# CHECK-NEXT: {{^}}          ^~~~~~~~~~~~~~
