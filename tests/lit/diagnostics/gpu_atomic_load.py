# Memory-ordered atomic loads and stores (T.atomic_load / T.atomic_store with memory_order) sync
# GPU blocks through global memory: GPU-only, so they parse into gpu_only calls and A1 rejects them.
# RUN: %tltt parse %s | FileCheck %s
# RUN: %tltt compile %s -o %t --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(Flag: T.Tensor((M,), "int32"), B: T.Tensor((M,), "int32")):
        with T.Kernel(1, threads=128) as bx:
            # expected-error@+1 {{'T.atomic_load' is a GPU-only construct and has no Tenstorrent lowering}}
            v = T.atomic_load(Flag[0], memory_order="acquire")
            # expected-error@+1 {{'T.atomic_store' is a GPU-only construct and has no Tenstorrent lowering}}
            T.atomic_store(Flag[1], v, memory_order="release")

    return kern


kernel = make(64)


# CHECK: let v: int32 = gpu_only(Flag[0], gpu_only="T.atomic_load", memory_order="acquire")
# CHECK: gpu_only(Flag[1], v, gpu_only="T.atomic_store", memory_order="release")
