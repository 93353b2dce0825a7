# PTX intrinsics are GPU-only: they parse into a gpu_only call and A1 rejects them.
# RUN: %tltt parse %s | FileCheck %s
# RUN: %tltt compile %s -o %t --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{'T.ptx_cp_async' is a GPU-only construct and has no Tenstorrent lowering}}
            T.ptx_cp_async(A[0, 0], B[0, 0], 16)

    return kern


kernel = make(64, 64)


# CHECK: gpu_only(A[0, 0], B[0, 0], 16, gpu_only="T.ptx_cp_async")
