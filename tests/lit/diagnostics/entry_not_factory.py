# --entry naming something that is not a factory.
# RUN: %tltt parse %s --entry limit --verify-diagnostics
import tilelang
import tilelang.language as T

limit = 3
@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.clear(B)

    return kern


kernel = make(64, 64)
# expected-error@* {{--entry 'limit' is not a kernel factory (it is a value of type int)}}
