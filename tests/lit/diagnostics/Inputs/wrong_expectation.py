# Input of verify-mismatch.test: one expectation is wrong, one diagnostic is not expected.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            # expected-error@+1 {{this message is not the one the front end gives}}
            s = T.alloc_shared((-1, 32), "float32")
            T.frobnicate(s)

    return kern


kernel = make(64)
