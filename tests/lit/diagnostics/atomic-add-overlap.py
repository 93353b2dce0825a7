# T.atomic_add into a tensor that the kernel also reads, at an index let-bound to a tensor
# element, and into regions that blocks of the kept grid dimensions could share (a step smaller
# than the extent): rejected (the lowered forms: atomic-add.py, and atomic-add-grid.py for an
# index through a quotient `bx // 2`).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[])
def rejected(M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32"),
               D: T.Tensor((M, N), "float32"), Idx: T.Tensor((M,), "int32"),
               L: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), "float32")
            c = T.alloc_shared((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            # expected-error@+1 {{'C' is read or written here and also the destination of a T.atomic_add}}
            T.copy(C[by * bm, bx * bn], c)
            T.atomic_add(C[by * bm, bx * bn], x)
            # expected-error@+1 {{T.atomic_add into 'D': blocks with different values of 'bx' may add to overlapping regions}}
            T.atomic_add(D[by * bm, bx * (bn // 2)], c)
            row = Idx[by]
            # expected-error@+1 {{T.atomic_add into 'L' at an index that uses 'row', a value read from a tensor}}
            T.atomic_add(L[row, bx * bn], x)

    return kernel


kernel = rejected(128, 128, 64, 64)
