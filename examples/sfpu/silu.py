# SiLU y = x * sigmoid(x), element-wise over 2-D blocks (one fused tile operation).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def silu(M, N, bm, bn, dtype="bfloat16"):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            x_s = T.alloc_shared((bm, bn), dtype)
            y_f = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x_s)
            for i, j in T.Parallel(bm, bn):
                y_f[i, j] = x_s[i, j] * T.sigmoid(x_s[i, j])
            T.copy(y_f, Y[by * bm, bx * bn])

    return kernel


kernel = silu(128, 128, 64, 32)
