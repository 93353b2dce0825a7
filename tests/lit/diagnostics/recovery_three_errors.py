# Kernel bodies recover per statement: three independent errors are reported.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_shared((64, 64), "float32")
            # expected-error@+1 {{T.copy shape mismatch: source 'A' region [32, 64] vs destination 's' region [64, 64]}}
            T.copy(A[0:32, :], s)
            # expected-error@+1 {{buffer 'B' has rank 2 but is indexed with 1 index}}
            B[0] = 1.0
            # expected-error@+1 {{T.fill() missing required argument 'value'}}
            T.fill(s)
            T.copy(s, B)

    return kern


kernel = make(64, 64)
