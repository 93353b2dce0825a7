# A reduction axis out of range.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            r = T.alloc_fragment((64,), "float32")
            f = T.alloc_fragment((64, 64), "float32")
            # expected-error@+1 {{T.reduce_max: dim 2 is out of range for a source of rank 2}}
            T.reduce_max(f, r, dim=2)

    return kern


kernel = make(64, 64)
