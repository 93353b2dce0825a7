# LayerNorm with one row per T.Kernel block (blk_m=1, as GPU kernels write it), an affine
# scale and shift shared by every row, and the per-row statistics written element by element:
# A1 groups 32 rows per block, the shared vectors keep their shape, and a row count that is not
# a multiple of 32 leaves a partial last group over the tensors' device padding.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-3, -2, -1])
def layernorm_rows(rows, width, eps=1e-5, dtype="bfloat16"):
    acc = "float32"

    @T.prim_func
    def main(X: T.Tensor((rows, width), dtype), w: T.Tensor((width,), dtype),
             b: T.Tensor((width,), dtype), Y: T.Tensor((rows, width), dtype),
             mu: T.Tensor((rows,), acc), inv_std: T.Tensor((rows,), acc)):
        with T.Kernel(rows) as r:
            xs = T.alloc_shared((1, width), dtype)
            ws = T.alloc_shared((width,), dtype)
            bs = T.alloc_shared((width,), dtype)
            xf = T.alloc_fragment((1, width), acc)
            centred = T.alloc_fragment((1, width), acc)
            total = T.alloc_fragment((1,), acc)
            var = T.alloc_fragment((1,), acc)
            T.copy(X[r, 0], xs)
            T.copy(w, ws)
            T.copy(b, bs)
            for i, j in T.Parallel(1, width):
                xf[i, j] = T.Cast(acc, xs[i, j])
            T.reduce_sum(xf, total, dim=1)
            for i, j in T.Parallel(1, width):
                centred[i, j] = xf[i, j] - total[i] / width
            for i, j in T.Parallel(1, width):
                xf[i, j] = centred[i, j] * centred[i, j]
            T.reduce_sum(xf, var, dim=1)
            for i in T.Parallel(1):
                mu[r + i] = total[i] / width
                var[i] = T.rsqrt(var[i] / width + eps)
                inv_std[r + i] = var[i]
            for i, j in T.Parallel(1, width):
                xs[i, j] = T.Cast(dtype, centred[i, j] * var[i] * T.Cast(acc, ws[j]) +
                                  T.Cast(acc, bs[j]))
            T.copy(xs, Y[r, 0])

    return main


kernel = layernorm_rows(100, 96)
