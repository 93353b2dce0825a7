# Integer blocks that take part in compute (issue 13, formats): the SFPU's integer ops run on
# 32-bit integers in DST, so an element-wise add of int8 blocks is a located error of C1 (int32
# and uint32 blocks compute: tests/e2e/kernels/int_eltwise.py; docs/formats.md).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def int8_add(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "int8"), Z: T.Tensor((M, N), "int8"),
             Y: T.Tensor((M, N), "int8")):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((M, N), "int8")
            z = T.alloc_shared((M, N), "int8")
            y = T.alloc_fragment((M, N), "int8")
            # expected-error@+1 {{on-chip buffer 'x' (int8, first used here) takes part in compute: the SFPU's integer ops run on 32-bit integers (int32, uint32) in DST}}
            T.copy(X[0, 0], x)
            # expected-error@+1 {{on-chip buffer 'z' (int8, first used here) takes part in compute}}
            T.copy(Z[0, 0], z)
            for i, j in T.Parallel(M, N):
                # expected-error@+1 {{on-chip buffer 'y' (int8, first used here) takes part in compute}}
                y[i, j] = x[i, j] + z[i, j]
            T.copy(y, Y[0, 0])

    return main


kernel = int8_add(32, 32)
