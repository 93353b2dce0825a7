# CPU kernels are rejected.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        # expected-error@+1 {{T.Kernel(is_cpu=True) is not supported on Tenstorrent}}
        with T.Kernel(1, is_cpu=True) as bx:
            T.clear(A)

    return kern


kernel = make(4)
