# T.alloc_reducer combines with sum, max or min only.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            # expected-error@+1 {{T.alloc_reducer: op must be "sum", "max" or "min", got 'prod'}}
            r = T.alloc_reducer((M,), "float32", op="prod")

    return kern


kernel = make(32)
