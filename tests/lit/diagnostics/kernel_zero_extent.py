# A grid extent that is not positive.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        # expected-error@+1 {{grid extent must be positive, got 0}}
        with T.Kernel(M - 64, threads=128) as bx:
            T.clear(B)

    return kern


kernel = make(64, 64)
