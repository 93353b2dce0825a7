# The instantiation omits a factory parameter without default.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.clear(B)

    return kern


# expected-error@+1 {{missing argument 'N' in call to 'make'}}
kernel = make(64)
