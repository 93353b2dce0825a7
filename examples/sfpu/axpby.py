# Kernel scalars as operands: Y = alpha * X + Z / alpha, with `alpha` a float32 kernel
# parameter. Its bits reach the compute kernel as a runtime argument and feed the scalar SFPU
# forms (mul_unary_tile, div_unary_tile).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def axpby(M, N, bm=32, bn=64, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Z: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype),
             alpha: T.float32):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            x = T.alloc_shared((bm, bn), dtype)
            z = T.alloc_shared((bm, bn), dtype)
            y = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x)
            T.copy(Z[by * bm, bx * bn], z)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = alpha * x[i, j] + z[i, j] / alpha
            T.copy(y, Y[by * bm, bx * bn])

    return main


kernel = axpby(64, 128)
