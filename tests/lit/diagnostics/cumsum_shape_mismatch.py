# T.cumsum into a destination of another shape.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((M, M), "float32")
            d = T.alloc_fragment((M, 16), "float32")
            # expected-error@+1 {{T.cumsum: destination 'd' [32, 16] and source 's' [32, 32] differ in shape}}
            T.cumsum(s, d, dim=1)

    return kern


kernel = make(32)
