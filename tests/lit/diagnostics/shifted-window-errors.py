# Windows off the tile grid (stencils) are gathered by the reader for loads only, whole into
# 2-D blocks of whole tiles of the tensor's dtype; what the gather cannot serve is a located
# error in C2: a shifted store, a shifted load that would convert the dtype.
# RUN: %tltt compile %s --entry 'shifted("store")' --verify-diagnostics
# RUN: %tltt compile %s --entry 'shifted("convert")' --verify-diagnostics
# The supported form compiles without a diagnostic:
# RUN: %tltt compile %s --entry 'shifted("load")' -o %t
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def shifted(case):

    @T.prim_func
    def k(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2) as (bx, by):
            s = T.alloc_shared((32, 32), "float32")
            h = T.alloc_shared((32, 32), "bfloat16")
            if case == "store":
                T.copy(A[by * 32, bx * 32], s)
                # expected-error@+1 {{origin 'by * 32 + 1' of the region of 'B' is not provably a multiple of 32 (tiles are written whole; windows off the tile grid are lowered for loads only)}}
                T.copy(s, B[by * 32 + 1, bx * 32])
            elif case == "convert":
                # expected-error@+1 {{T.copy of a window of 'A' starting at [by * 32, bx * 32 + 1], off the 32x32 tile grid: the gather moves elements as they are: 'A' (float32) and block 'h' (bfloat16) must share a 2- or 4-byte dtype (convert in a T.Parallel nest after the copy)}}
                T.copy(A[by * 32, bx * 32 + 1], h)
                T.copy(h, s)
                T.copy(s, B[by * 32, bx * 32])
            else:
                T.copy(A[by * 32 - 1, bx * 32 + 3], s)
                T.copy(s, B[by * 32, bx * 32])

    return k
