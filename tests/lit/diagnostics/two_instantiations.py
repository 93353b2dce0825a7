# Two literal instantiations are ambiguous without --entry.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return kern


small = make(4)
# expected-error@+1 {{the file holds 2 kernel instantiations (lines 17, 19); choose one with --entry}}
large = make(4096)
