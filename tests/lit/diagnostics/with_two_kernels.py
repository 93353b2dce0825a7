# `with A as a, B as b:` is two nested contexts: a second T.Kernel in the same header is a
# nested kernel.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        # expected-error@+1 {{T.Kernel cannot be nested inside another T.Kernel}}
        with T.Kernel(1) as bx, T.Kernel(2) as by:
            pass

    return kern


kernel = make(64)
