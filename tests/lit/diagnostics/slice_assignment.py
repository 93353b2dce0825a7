# Assigning to a slice is not supported.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{assignment to a buffer slice is not supported; use T.fill or T.copy}}
            B[0:4, 0] = 1.0

    return kern


kernel = make(64, 64)
