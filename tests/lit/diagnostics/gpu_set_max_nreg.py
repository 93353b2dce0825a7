# Register-count control is GPU-only: it parses into a gpu_only call and A1 rejects it.
# RUN: %tltt parse %s | FileCheck %s
# RUN: %tltt compile %s -o %t --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{'T.set_max_nreg' is a GPU-only construct and has no Tenstorrent lowering}}
            T.set_max_nreg(240, 1)

    return kern


kernel = make(64, 64)


# CHECK: gpu_only(240, 1, gpu_only="T.set_max_nreg")
