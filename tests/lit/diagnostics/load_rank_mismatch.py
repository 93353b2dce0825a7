# Indexing a 2-D buffer with one index.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{buffer 'A' has rank 2 but is indexed with 1 index}}
            B[0, 0] = A[3]

    return kern


kernel = make(64, 64)
