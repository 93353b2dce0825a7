# `with T.ClusterKernel(...)` (a launch of thread-block clusters) parses into a T.Kernel launch
# with the attribute gpu_only; `tltt compile` rejects it in A1 with a located error naming it. A
# compile-time value computed from a GPU-only construct (a tensor's shape) is a located parse
# error naming the construct (kernel-gpu-only.py has the other GPU-only forms).
# RUN: %tltt parse %s --entry 'cluster(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'cluster(64)' -o %t --verify-diagnostics
# RUN: not %tltt parse %s --entry 'host_dep(64)' 2>&1 | FileCheck %s --check-prefix=HOST
import tilelang
import tilelang.language as T


@tilelang.jit
def cluster(M):

    @T.prim_func
    def k(A: T.Tensor((M,), "float32")):
        # expected-error@+1 {{'T.ClusterKernel' is a GPU-only construct and has no Tenstorrent lowering}}
        with T.ClusterKernel(T.ceildiv(M, 32), cluster_dims=2, threads=128) as bx:
            A[bx] = 0.0

    return k


@tilelang.jit
def host_dep(M):
    n = T.get_warp_idx() + 1

    @T.prim_func
    def k(A: T.Tensor((M, n), "float32")):
        with T.Kernel(1) as bx:
            A[0, 0] = 0.0

    return k


# CHECK: launch (bx < 2) {gpu_only = "T.ClusterKernel"} {
# CHECK-NEXT: A[bx] = 0.0f
# HOST: kernel-gpu-cluster.py:26:9: error: 'T.get_warp_idx' is a GPU-only construct and has no Tenstorrent lowering
