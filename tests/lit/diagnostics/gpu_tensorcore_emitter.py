# The tensor-core code emitters of libraries built on TileLang (an `...IntrinEmitter` class of a
# module the front end cannot read) write warp-level MMA code: the emitter is a GPU-only host
# value, its method calls in a kernel parse into gpu_only calls that A1 rejects, and a host value
# computed from it (a shape) is a located parse error naming it.
# RUN: %tltt parse %s --entry 'make(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'make(64)' -o %t --verify-diagnostics
# RUN: not %tltt parse %s --entry 'sized(64)' 2>&1 | FileCheck %s --check-prefix=HOST
import tilelang
import tilelang.language as T
from mylib.mma_gen import TensorCoreIntrinEmitter

@tilelang.jit
def make(M):
    emitter = TensorCoreIntrinEmitter(a_dtype="float16", warp_rows=2)

    @T.prim_func
    def kern(A: T.Tensor((M, M), "float16")):
        with T.Kernel(1) as bx:
            a = T.alloc_shared((32, 32), "float16")
            A[0, 0] = T.float16(0)
            # expected-error@+1 {{'mylib.mma_gen.TensorCoreIntrinEmitter.ldmatrix_a' is a GPU-only construct and has no Tenstorrent lowering}}
            emitter.ldmatrix_a(a, 0)

    return kern


@tilelang.jit
def sized(M):
    emitter = TensorCoreIntrinEmitter(a_dtype="float16", warp_rows=2)
    rows = emitter.warp_rows * 16

    @T.prim_func
    def kern(A: T.Tensor((rows, M), "float16")):
        with T.Kernel(1) as bx:
            A[0, 0] = T.float16(0)

    return kern


# CHECK: gpu_only(region(a), 0, gpu_only="mylib.mma_gen.TensorCoreIntrinEmitter.ldmatrix_a")
# HOST: gpu_tensorcore_emitter.py:30:12: error: 'mylib.mma_gen.TensorCoreIntrinEmitter.warp_rows' is a GPU-only construct and has no Tenstorrent lowering
