# break is not supported inside kernel loops.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i in T.serial(64):
                # expected-error@+1 {{'break' is not supported in kernels}}
                break

    return kern


kernel = make(64, 64)
