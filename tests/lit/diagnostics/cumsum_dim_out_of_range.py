# T.cumsum names an axis the source does not have.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((M, M), "float32")
            # expected-error@+1 {{T.cumsum: dim 2 is out of range for a source of rank 2}}
            T.cumsum(s, dim=2)

    return kern


kernel = make(32)
