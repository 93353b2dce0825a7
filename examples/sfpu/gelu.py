# GELU (tanh approximation) written out element-wise: y = 0.5 x (1 + tanh(0.79788456 (x + 0.044715 x^3))).
# The whole expression fuses into one tile operation (lower-to-sfpu).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gelu(M, N, bm, bn, dtype="bfloat16"):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            x_s = T.alloc_shared((bm, bn), dtype)
            y_f = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x_s)
            for i, j in T.Parallel(bm, bn):
                y_f[i, j] = 0.5 * x_s[i, j] * (1.0 + T.tanh(0.7978845608 * (
                    x_s[i, j] + 0.044715 * x_s[i, j] * x_s[i, j] * x_s[i, j])))
            T.copy(y_f, Y[by * bm, bx * bn])

    return kernel


kernel = gelu(128, 256, 32, 64)
