# Integer blocks that take part in compute (issue 13, formats): the lowering computes on float
# tiles only, so an element-wise add of int32 blocks is a located error of C1 (as are integer
# GEMMs)
# (copies of integer tensors run: tests/e2e/kernels/int_copy.py; docs/formats.md).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def int_add(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "int32"), Z: T.Tensor((M, N), "int32"),
             Y: T.Tensor((M, N), "int32")):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((M, N), "int32")
            z = T.alloc_shared((M, N), "int32")
            y = T.alloc_fragment((M, N), "int32")
            # expected-error@+1 {{on-chip buffer 'x' (int32, first used here) takes part in compute: the Tenstorrent lowering computes on float tiles only}}
            T.copy(X[0, 0], x)
            # expected-error@+1 {{on-chip buffer 'z' (int32, first used here) takes part in compute}}
            T.copy(Z[0, 0], z)
            for i, j in T.Parallel(M, N):
                # expected-error@+1 {{on-chip buffer 'y' (int32, first used here) takes part in compute}}
                y[i, j] = x[i, j] + z[i, j]
            T.copy(y, Y[0, 0])

    return main


kernel = int_add(32, 32)
