# Compile-time division by zero in the factory.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):
    # expected-error@+1 {{division by zero}}
    block = N // (M - M)

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32")):
        with T.Kernel(block) as bx:
            T.clear(A)

    return kern


kernel = make(4, 8)
