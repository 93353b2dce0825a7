# Windows off the tile grid (stencils) are gathered by the reader for loads of 2-D tensors
# into 2-D blocks of whole tiles (of one slice of a tensor of rank 3 or 4 too); what the gather
# cannot serve is a located error in C2: a shifted store.
# RUN: %tltt compile %s --entry 'shifted("errors")' --verify-diagnostics
# The supported forms run and match the reference: a shifted load (one row up, three columns
# right), and one into a block of another dtype (C1 stages it through a block of the tensor's
# dtype, converted on chip):
# RUN: %tltt run %s --entry 'shifted("load")' | FileCheck %s
# RUN: %tltt run %s --entry 'shifted("convert")' | FileCheck %s
# CHECK: PASS pcc=
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def shifted(case):

    @T.prim_func
    def k(A: T.Tensor((64, 64), "float32"), V: T.Tensor((2, 64, 64), "float32"),
          B: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2) as (bx, by):
            s = T.alloc_shared((32, 32), "float32")
            t = T.alloc_shared((32, 32), "float32")
            h = T.alloc_shared((32, 32), "bfloat16")
            if case == "errors":
                # A window of one slice of a 3-D tensor is gathered (its outer index a page offset).
                T.copy(V[1, by * 32 - 1, bx * 32], t)
                T.copy(A[by * 32, bx * 32], s)
                for i, j in T.Parallel(32, 32):
                    s[i, j] = s[i, j] + t[i, j]
                # expected-error@+1 {{origin 'bx * 32 + 1' of the region of 'B' is not provably a multiple of 32 (tiles are written whole; windows off the tile grid are lowered for loads only)}}
                T.copy(s, B[by * 32, bx * 32 + 1])
            elif case == "convert":
                T.copy(V[1, by * 32, bx * 32], t)
                T.copy(A[by * 32, bx * 32 + 1], h)
                T.copy(h, s)
                for i, j in T.Parallel(32, 32):
                    s[i, j] = s[i, j] + t[i, j]
                T.copy(s, B[by * 32, bx * 32])
            else:
                T.copy(V[1, by * 32, bx * 32], t)
                T.copy(A[by * 32 - 1, bx * 32 + 3], s)
                for i, j in T.Parallel(32, 32):
                    s[i, j] = s[i, j] + t[i, j]
                T.copy(s, B[by * 32, bx * 32])

    return k
