# T.gemm accumulator with the wrong shape (transpose_B taken into account).
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((64, 32), "float16")
            b = T.alloc_shared((48, 32), "float16")
            c = T.alloc_fragment((64, 64), "float32")
            # expected-error@+1 {{T.gemm shape mismatch: A @ B is 64x48 but C 'c' is 64x64}}
            T.gemm(a, b, c, transpose_B=True)

    return kern


kernel = make(64, 64)
