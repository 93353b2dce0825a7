# Allocations need a kernel.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    # expected-error@+1 {{T.alloc_shared can only be used inside a kernel (a @T.prim_func body or T.Kernel)}}
    buf = T.alloc_shared((M, M), "float16")
    return buf


kernel = make(4)
