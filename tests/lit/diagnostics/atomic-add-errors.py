# T.atomic_add forms that have no Tenstorrent lowering (the lowered form, a whole on-chip block
# added to a tensor region: atomic-add.py): an element whose index is read from a tensor, a single
# value, part of a block (here inside a loop of the block: adds inside loops are lowered,
# atomic-add-loop.py), an add under a condition computed from data (conditions of the grid and
# the loops are lowered: atomic-add-grid.py) or in a `while` loop that does not count by a constant
# step (stream-K's form; the error names the construct) and an add into an on-chip buffer.
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[])
def rejected(M, N, bm):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Idx: T.Tensor((M,), "int32"),
               Hist: T.Tensor((M, N), "float32"), Total: T.Tensor((32, 32), "float32"),
               Rows: T.Tensor((M, N), "float32"), Cond: T.Tensor((M, N), "float32"),
               Loop: T.Tensor((M * 2, N), "float32")):
        with T.Kernel(T.ceildiv(M, bm)) as bx:
            x = T.alloc_shared((bm, N), "float32")
            s = T.alloc_fragment((bm, N), "float32")
            T.copy(X[bx * bm, 0], x)
            for i, j in T.Parallel(bm, N):
                # expected-error@+1 {{T.atomic_add into 'Hist' at an index computed from data (a buffer load): the region it adds to is only known at run time}}
                T.atomic_add(Hist[Idx[bx * bm + i], j], x[i, j])
            # expected-error@+1 {{T.atomic_add of a single value into 'Total' has no Tenstorrent lowering yet}}
            T.atomic_add(Total[0, 0], 1.0)
            for r in T.serial(bm // 32):
                # expected-error@+1 {{T.atomic_add of part of a block or a tensor region into 'Rows' has no Tenstorrent lowering yet}}
                T.atomic_add(Rows[r * 32, 0], x[r * 32:r * 32 + 32, :])
            if Idx[bx] > 0:
                # expected-error@+1 {{T.atomic_add inside a condition that reads tensor 'Idx' (at line 32) has no Tenstorrent lowering yet}}
                T.atomic_add(Cond[0, 0], x)
            n = T.alloc_var("int32")
            n = bx
            while n < 2:
                # expected-error@+1 {{T.atomic_add inside a `while` loop (line 37, a loop whose trip count is only known at run time that does not count by a constant step, such as stream-K's walk over a program's range of iterations; such a `while` is not lowered yet) has no Tenstorrent lowering yet}}
                T.atomic_add(Loop[n * bm, 0], x)
                n = T.min(n + 2 - n % 2, 3)
            # expected-error@+1 {{T.atomic_add into the on-chip buffer 's' has no Tenstorrent lowering yet}}
            T.atomic_add(s, x)

    return kernel


kernel = rejected(128, 64, 64)
