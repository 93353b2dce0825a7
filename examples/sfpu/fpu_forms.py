# Element-wise steps the compiler runs on the FPU or with fewer SFPU ops (B4's common-factor and
# exp2 rewrites, D5's FPU broadcasts): a block minus a per-row vector, a per-column vector times a
# block, x * k - y * k, and exp2(x * log2(e)); beside them, forms that stay on the SFPU (a
# row-vector difference, a difference of products with two different constants; a product with a
# vector of float32 blocks, which the FPU multiplier would round to a bfloat16 mantissa).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-2, -1])
def fpu_forms(M, N, block_M=32, block_N=64, dtype="float32"):
    log2e = 1.4426950408889634

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), G: T.Tensor((N,), dtype),
             Y: T.Tensor((M, N), dtype), Z: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x = T.alloc_shared((block_M, block_N), dtype)
            g = T.alloc_shared((block_N,), dtype)
            m = T.alloc_fragment((block_M,), dtype)
            y = T.alloc_fragment((block_M, block_N), dtype)
            z = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(X[bx * block_M, 0], x)
            T.copy(G, g)
            T.reduce_max(x, m, dim=1)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = T.exp2((x[i, j] - m[i]) * log2e)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = g[j] * y[i, j]
            for i, j in T.Parallel(block_M, block_N):
                z[i, j] = T.exp2(x[i, j] * 0.25 - m[i] * 0.25) + (x[i, j] - g[j])
            for i, j in T.Parallel(block_M, block_N):
                z[i, j] = z[i, j] + (x[i, j] * 0.5 - m[i] * 0.25)
            T.copy(y, Y[bx * block_M, 0])
            T.copy(z, Z[bx * block_M, 0])

    return main


kernel = fpu_forms(64, 64)
