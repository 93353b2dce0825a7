# GPU-only kernel constructs parse into `gpu_only` calls naming the construct (a let-bound value
# for thread bindings, tensor memory and barriers; a statement for barrier waits, T.sync_threads
# and CUDA source; a statement before the body of a warp-specialized `with T.ws(...)`, whose names
# stay visible after it; a loop extent for
# `for t in T.thread_binding(...)`; T.ClusterKernel: kernel-gpu-cluster.py). A
# TileLang construct given a GPU-only value (T.copy from tensor memory) is a use of it. `tltt
# compile` rejects each construct in A1 infer-layout with a located error naming it.
# RUN: %tltt parse %s --entry 'sm(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'sm(64)' -o %t --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def sm(M):

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32"), B: T.Tensor((M, M), "float32")):
        with T.Kernel(2, threads=128) as bx:
            a = T.alloc_shared((32, 32), "float32")
            c = T.alloc_fragment((32, 32), "float32")
            # expected-error@+1 {{'T.alloc_tmem' is a GPU-only construct and has no Tenstorrent lowering}}
            acc = T.alloc_tmem((32, 32), "float32")
            # expected-error@+1 {{'T.alloc_barrier' is a GPU-only construct and has no Tenstorrent lowering}}
            bar = T.alloc_barrier([128] * 2)
            # expected-error@+1 {{'T.get_thread_binding' is a GPU-only construct and has no Tenstorrent lowering}}
            tx = T.get_thread_binding()
            T.copy(A[bx * 32, 0], a)
            # expected-error@+1 {{'T.mbarrier_wait_parity' is a GPU-only construct and has no Tenstorrent lowering}}
            T.mbarrier_wait_parity(bar[0], 0)
            T.copy(acc, c)
            # expected-error@+1 {{'T.ws' is a GPU-only construct and has no Tenstorrent lowering}}
            with T.ws(1):
                # expected-error@+1 {{'T.sync_threads' is a GPU-only construct and has no Tenstorrent lowering}}
                T.sync_threads()
            # expected-error@+1 {{'T.thread_binding' is a GPU-only construct and has no Tenstorrent lowering}}
            for t in T.thread_binding(0, 64, thread="threadIdx.x"):
                B[bx, t] = A[bx, tx + 1]
            if tx < 32:
                B[bx, 0] = 1.0
            # expected-error@+1 {{'T.import_source' is a GPU-only construct and has no Tenstorrent lowering}}
            T.import_source("__device__ void helper(int* p) { *p = 0; } // a CUDA helper")

    return k


# CHECK: let acc: int32 = gpu_only(32, 32, "float32", gpu_only="T.alloc_tmem")
# CHECK-NEXT: let bar: int32 = gpu_only(128, 128, gpu_only="T.alloc_barrier")
# CHECK-NEXT: let tx: int32 = gpu_only(gpu_only="T.get_thread_binding")
# CHECK-NEXT: copy A[bx * 32 +: 32, 0 +: 32] -> a
# CHECK-NEXT: gpu_only(gpu_only(bar, 0, gpu_only="T.alloc_barrier", use="subscript"), 0, gpu_only="T.mbarrier_wait_parity")
# CHECK-NEXT: gpu_only(acc, region(c), gpu_only="T.alloc_tmem", use="T.copy")
# CHECK-NEXT: gpu_only(1, gpu_only="T.ws")
# CHECK-NEXT: gpu_only(gpu_only="T.sync_threads")
# CHECK-NEXT: for t in serial(0 +: gpu_only(0, 64, gpu_only="T.thread_binding", thread="threadIdx.x")) {
# CHECK-NEXT: B[bx, t] = A[bx, tx + 1]
# CHECK-NEXT: }
# CHECK-NEXT: if tx < 32 {
# CHECK: gpu_only("__device__ void helper(int* p) { *p = 0;...", gpu_only="T.import_source")
