# An indented statement after a simple statement.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            x = 1
                # expected-error@+1 {{unexpected indent}}
                y = 2

    return kern


kernel = make(64, 64)
