# A fused expression deeper than the DST register holds with fp32 accumulation (4 tiles): the
# compiler evaluates its deepest operands first into spill blocks, then the rest.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def deep(M, N, bm=32, bn=64, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Z: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            x = T.alloc_shared((bm, bn), dtype)
            z = T.alloc_shared((bm, bn), dtype)
            y = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x)
            T.copy(Z[by * bm, bx * bn], z)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = x[i, j] * (z[i, j] + x[i, j] * (z[i, j] - x[i, j] * (
                    z[i, j] * T.exp(x[i, j]) + T.sigmoid(z[i, j]) * (x[i, j] - z[i, j]))))
            T.copy(y, Y[by * bm, bx * bn])

    return main


kernel = deep(64, 128)
