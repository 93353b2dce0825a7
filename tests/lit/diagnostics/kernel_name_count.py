# T.Kernel binds a different number of names than it has dimensions.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        # expected-error@+1 {{T.Kernel has 1 grid dimension but binds 2 names}}
        with T.Kernel(2) as (bx, by):
            T.clear(A)

    return kern


kernel = make(4)
