# An empty slice in a copy.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_shared((4, 64), "float32")
            # expected-error@+1 {{empty slice on axis 0 of 'A' (extent 0)}}
            T.copy(A[4:4, :], s)

    return kern


kernel = make(64, 64)
