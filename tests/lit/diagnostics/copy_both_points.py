# T.copy with a single element on both sides.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{T.copy cannot infer the copy extent: both operands are single elements; use a slice or a whole buffer on one side}}
            T.copy(A[0, 0], B[0, 0])

    return kern


kernel = make(64, 64)
