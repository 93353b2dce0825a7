# The tensor-core code emitters of libraries built on TileLang (an `...IntrinEmitter` class of a
# module the front end cannot read) write warp-level MMA code: a located GPU-only error.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T
from mylib.mma_gen import TensorCoreIntrinEmitter

@tilelang.jit
def make(M):
    # expected-error@+1 {{'mylib.mma_gen.TensorCoreIntrinEmitter' (a warp-level tensor-core code emitter) is a GPU-only construct and is not supported on Tenstorrent}}
    emitter = TensorCoreIntrinEmitter(a_dtype="float16", warp_rows=2)

    @T.prim_func
    def kern(A: T.Tensor((M, M), "float16")):
        with T.Kernel(1) as bx:
            A[0, 0] = T.float16(0)

    return kern


kernel = make(64)
