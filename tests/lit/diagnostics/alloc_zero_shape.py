# An on-chip buffer with a zero extent (a placeholder that code skipped at compile time never
# touches) parses, as it does in TileLang; A1 rejects it with a located error, since it has no
# storage. Negative extents stay a front-end error.
# RUN: %tltt parse %s --entry 'make(64, 64)' | FileCheck %s --check-prefix=PARSE
# RUN: not %tltt compile %s -o %t --entry 'make(64, 64)' 2>&1 | FileCheck %s --check-prefix=COMPILE
# RUN: not %tltt parse %s --entry 'negative(64)' 2>&1 | FileCheck %s --check-prefix=NEG
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_fragment((0, 64), "float32")
            T.copy(A, B)

    return kern


@tilelang.jit
def negative(N):

    @T.prim_func
    def kern(A: T.Tensor((N,), "float32")):
        with T.Kernel(1, threads=128) as bx:
            s = T.alloc_local(N - 65, "float32")

    return kern


kernel = make(64, 64)
# PARSE: alloc s: fragment float32[0, 64]
# COMPILE: alloc_zero_shape.py:16:17: error: buffer 's' has no elements (a zero extent): a placeholder has no Tenstorrent storage; remove it
# NEG: alloc_zero_shape.py:28:31: error: shape entries must be positive, got -1
