# A loop variable used after its loop ends.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i in T.serial(64):
                B[0, i] = A[0, i]
            # expected-error@+1 {{use of undefined variable 'i'}}
            B[1, 0] = A[1, i]

    return kern


kernel = make(64, 64)
