# A copy region past the end of the tensor.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_shared((32, 64), "float32")
            # expected-error@+1 {{T.copy: region [48:80] is out of bounds for axis 0 of 'A' (size 64)}}
            T.copy(A[48, 0], s)

    return kern


kernel = make(64, 64)
