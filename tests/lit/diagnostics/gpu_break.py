# A `break` (or `continue`) in kernel code that sits under a GPU-only construct (here a branch on
# the thread index, a warp-specialized role) is reported as that construct: the loop is GPU
# scheduling code with no Tenstorrent form. Elsewhere it is the plain "not supported" error.
# RUN: %tltt parse %s --entry 'roles(64)' --verify-diagnostics
# RUN: not %tltt parse %s --entry 'cluster(64)' 2>&1 | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit
def roles(N):

    @T.prim_func
    def k(A: T.Tensor((N,), "int32")):
        with T.Kernel(1, threads=128) as bx:
            flag = T.alloc_shared((1,), "int32")
            tx = T.get_thread_binding()
            if tx < 32:
                for it in T.serial(4):
                    if flag[0] == 0:
                        # expected-error@+1 {{'break' is not supported in kernels; this one is in code under 'T.get_thread_binding': 'T.get_thread_binding' is a GPU-only construct and has no Tenstorrent lowering}}
                        break

    return k


@tilelang.jit
def cluster(N):

    @T.prim_func
    def k(A: T.Tensor((N,), "int32")):
        with T.ClusterKernel(2, threads=128, cluster_dims=2) as bx:
            for it in T.serial(4):
                continue

    return k


# CHECK: gpu_break.py:34:17: error: 'continue' is not supported in kernels; this one is in code under 'T.ClusterKernel': 'T.ClusterKernel' is a GPU-only construct and has no Tenstorrent lowering
