# An unclosed call parenthesis inside the kernel body.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A[0, 0], s
            # expected-error@+1 {{expected ')' to close the call, found 'T'}}
            T.copy(s, B[0, 0])

    return kern


kernel = make(64, 64)
