# Buffer shapes must be positive.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{shape entries must be positive, got 0}}
            s = T.alloc_fragment((0, 64), "float32")

    return kern


kernel = make(64, 64)
