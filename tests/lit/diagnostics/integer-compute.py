# Integer blocks that take part in compute (issue 13, formats): the SFPU's integer ops run on
# 32-bit integers in DST, so an element-wise add of int8 blocks is a located error of B3 at the
# expression (int32 and uint32 blocks compute: tests/e2e/kernels/int_eltwise.py; an int8 block
# copied into an int32 one is C1's error, docs/formats.md).
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
            T.copy(X[0, 0], x)
            T.copy(Z[0, 0], z)
            for i, j in T.Parallel(M, N):
                # expected-error@+1 {{int8 expression 'x[i, j] + z[i, j]' (integer compute runs on 32-bit integers: int32 or uint32) cannot be mapped to tile operations}}
                y[i, j] = x[i, j] + z[i, j]
            T.copy(y, Y[0, 0])

    return main


kernel = int8_add(32, 32)
