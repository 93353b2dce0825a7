# while loops are not kernel statements.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            n = 0
            # expected-error@+1 {{'while' loops are not supported in kernels; use T.serial or range}}
            while n < 4:
                n += 1

    return kern


kernel = make(64, 64)
