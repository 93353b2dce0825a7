# T.finalize_reducer takes the buffer T.alloc_reducer returned.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((M,), "float32")
            # expected-error@+1 {{T.finalize_reducer expects a buffer from T.alloc_reducer, got the shared buffer 's'}}
            T.finalize_reducer(s)

    return kern


kernel = make(32)
