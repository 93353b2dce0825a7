# A macro parameter annotated as a buffer receives a number.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.macro
    def zero(buf: T.FragmentBuffer((M,), "float32")):
        T.clear(buf)

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            # expected-error@+1 {{argument 'buf' of macro 'zero' must be a T.FragmentBuffer, got int}}
            zero(5)

    return kern


kernel = make(4)
