# A `break` (or `continue`) in a loop under a GPU-only construct (a branch on the thread index, a
# cluster launch) parses like any other kernel-loop exit; compiling names the GPU-only construct.
# RUN: %tltt parse %s --entry 'roles(64)' | FileCheck %s --check-prefix=PARSE
# RUN: not %tltt compile %s -o %t --entry 'roles(64)' 2>&1 | FileCheck %s --check-prefix=ROLES
# RUN: not %tltt compile %s -o %t --entry 'cluster(64)' 2>&1 | FileCheck %s --check-prefix=CLUSTER
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


# PARSE: loop_break()
# ROLES: gpu_break.py:17:18: error: 'T.get_thread_binding' is a GPU-only construct and has no Tenstorrent lowering
# CLUSTER: error: 'T.ClusterKernel' is a GPU-only construct and has no Tenstorrent lowering
