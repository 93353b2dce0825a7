# Device memory allocated inside a kernel (T.alloc_global, T.alloc_buffer without an on-chip
# scope) parses into a global-scope allocation; inside a T.Kernel block `tltt compile` rejects it
# in A1 infer-layout with a located error naming the construct (allocated before the launch, it
# is a scratch tensor of the host program: tests/lit/diagnostics/alloc-global-launches.py).
# RUN: %tltt parse %s --entry 'scratch(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'scratch(64)' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def scratch(M):

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32"), B: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            # expected-error@+1 {{buffer 'tmp' is device memory (T.alloc_global or T.alloc_buffer) allocated inside a T.Kernel block: no Tenstorrent lowering yet; allocate it before the `with T.Kernel` (a scratch tensor the host program allocates, docs/atomics.md) or pass it as a kernel parameter}}
            tmp = T.alloc_global((M, M), "float32")
            # expected-error@+1 {{buffer 'dram' is device memory (T.alloc_global or T.alloc_buffer) allocated inside a T.Kernel block}}
            dram = T.alloc_buffer((M, M), "float32")
            onchip = T.alloc_buffer((32, 32), "float32", scope="shared")
            T.copy(A, tmp)
            T.copy(tmp, B)

    return k


# CHECK: alloc tmp: global float32[64, 64]
# CHECK: alloc dram: global float32[64, 64]
# CHECK: alloc onchip: shared float32[32, 32]
# CHECK: copy
