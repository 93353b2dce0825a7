# T.Kernel takes at most three grid dimensions.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        # expected-error@+1 {{T.Kernel takes 0 to 3 grid dimensions (got 4)}}
        with T.Kernel(1, 2, 3, 4) as (a, b, c, d):
            T.clear(A)

    return kern


kernel = make(4)
