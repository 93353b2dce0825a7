# T.Parallel with two extents bound to one name.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{T.Parallel has 2 dimensions but the loop binds 1 name}}
            for i in T.Parallel(64, 64):
                B[i, 0] = A[i, 0]

    return kern


kernel = make(64, 64)
