# A reduction destination of the wrong shape.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            r = T.alloc_fragment((32,), "float32")
            f = T.alloc_fragment((64, 16), "float32")
            # expected-error@+1 {{T.reduce_sum: destination 'r' has shape [32] but reducing source 'f' [64, 16] along dim 1 gives [64]}}
            T.reduce_sum(f, r, dim=1)

    return kern


kernel = make(64, 64)
