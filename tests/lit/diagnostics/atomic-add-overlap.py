# T.atomic_add into a tensor that the kernel also reads: rejected (the lowered forms:
# atomic-add.py, atomic-add-grid.py for an index through a quotient `bx // 2`, and
# atomic-add-varlen.py for regions at values read from tensors and blocks whose regions
# overlap, which are split).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[])
def rejected(M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), "float32")
            c = T.alloc_shared((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            # expected-error@+1 {{'C' is read or written here and also the destination of a T.atomic_add}}
            T.copy(C[by * bm, bx * bn], c)
            T.atomic_add(C[by * bm, bx * bn], x)

    return kernel


kernel = rejected(128, 128, 64, 64)
