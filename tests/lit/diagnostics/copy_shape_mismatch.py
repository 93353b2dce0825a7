# T.copy between regions of different shapes.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_shared((32, 64), "float32")
            # expected-error@+1 {{T.copy shape mismatch: source 'A' region [16, 64] vs destination 's' region [32, 64]}}
            T.copy(A[0:16, :], s)

    return kern


kernel = make(64, 64)
