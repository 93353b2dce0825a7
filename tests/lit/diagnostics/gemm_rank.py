# T.gemm operands must be 2-D.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((64,), "float16")
            c = T.alloc_fragment((64, 64), "float32")
            # expected-error@+1 {{T.gemm: operand A ('a') must be 2-dimensional, has rank 1}}
            T.gemm(a, a, c)

    return kern


kernel = make(64, 64)
