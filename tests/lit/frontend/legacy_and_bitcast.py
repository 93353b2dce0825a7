# `import tvm.tl.language as T` (TileLang's former package name) reads as tilelang.language;
# T.parallel is a parallel loop; T.reinterpret / tvm.tir.reinterpret parse into a `reinterpret`
# call (TileLang's T.reinterpret(value, dtype), TVM's reinterpret(dtype, value)) that the
# element-wise lowering (lower-to-sfpu) rejects with a located error;
# T.import_source (CUDA/HIP source) and warp-level T.mma_* instructions are GPU-only (A1 rejects).
# RUN: %tltt parse %s --entry 'bits(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'bits(64)' -o %t --verify-diagnostics
# RUN: not %tltt compile %s --entry 'cuda_source(64)' -o %t 2>&1 | FileCheck %s --check-prefix=SRC
# RUN: not %tltt compile %s --entry 'warp_mma(64)' -o %t 2>&1 | FileCheck %s --check-prefix=MMA
import tvm.tl.language as T
from tvm import tl as TL
from tvm import tir


@TL.jit
def bits(N):

    @T.prim_func
    def k(A: T.Tensor((N, N), "float32"), B: T.Tensor((N, N), "int32")):
        with T.Kernel(N // 32) as bx:
            a = T.alloc_fragment((32, N), "float32")
            b = T.alloc_fragment((32, N), "int32")
            T.copy(A[bx * 32, 0], a)
            for i in T.parallel(32):
                for j in T.parallel(N):
                    # expected-error@+1 {{integer expression 'reinterpret(a[i, j])' (integer blocks support + - * & | ^ << >> and T.Cast to and from float) cannot be mapped to tile operations}}
                    b[i, j] = T.reinterpret(a[i, j], T.int32) + tir.reinterpret("int32", a[i, j])
            T.copy(b, B[bx * 32, 0])

    return k


@TL.jit
def cuda_source(N):

    @T.prim_func
    def k(A: T.Tensor((N,), "float32")):
        with T.Kernel(1) as bx:
            T.import_source("__device__ void f() {}")

    return k


@TL.jit
def warp_mma(N):

    @T.prim_func
    def k(A: T.Tensor((N,), "float32")):
        with T.Kernel(1) as bx:
            T.mma_sync(A)

    return k


# CHECK: for i in parallel(0 +: 32) {
# CHECK: for j in parallel(0 +: 64) {
# CHECK: b[i, j] = reinterpret(a[i, j]) + reinterpret(a[i, j])
# SRC: legacy_and_bitcast.py:39:13: error: 'T.import_source' is a GPU-only construct and has no Tenstorrent lowering
# MMA: legacy_and_bitcast.py:50:13: error: 'T.mma_sync' is a GPU-only construct and has no Tenstorrent lowering
# RUN: %tltt parse %s --entry 'cuda_source(64)' | FileCheck %s --check-prefix=SRCIR
# RUN: %tltt parse %s --entry 'warp_mma(64)' | FileCheck %s --check-prefix=MMAIR
# SRCIR: gpu_only("__device__ void f() {}", gpu_only="T.import_source")
# MMAIR: gpu_only(region(A), gpu_only="T.mma_sync")
