# T.fill / T.clear forms beyond a constant over a whole block (docs/sfpu.md):
# - fill_scalar: fills with a float32 kernel parameter and a scalar expression of it (tile
#   fills of the runtime value, then scalar SFPU ops);
# - fill_part: fills and clears of parts of a block, tile-aligned or not (rows 0..15, columns
#   40..63, an inner rectangle), lowered to bound-masked selects.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def fill_scalar(M, N, block_M=32, block_N=64):
    dtype = "float"

    @T.prim_func
    def kernel(X: T.Tensor([M, N], dtype), Y: T.Tensor([M, N], dtype), alpha: T.float32):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_fragment([block_M, block_N], dtype)
            a = T.alloc_fragment([block_M, block_N], dtype)
            b = T.alloc_fragment([block_M, block_N], dtype)
            y = T.alloc_fragment([block_M, block_N], dtype)
            T.copy(X[by * block_M, bx * block_N], x)
            T.fill(a, alpha)
            T.fill(b, alpha * 2.0 - 1.0)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = x[i, j] * a[i, j] + b[i, j]
            T.copy(y, Y[by * block_M, bx * block_N])

    return kernel


@tilelang.jit(out_idx=[1])
def fill_part(M, N, block_M=64, block_N=64):
    dtype = "float"

    @T.prim_func
    def kernel(X: T.Tensor([M, N], dtype), Y: T.Tensor([M, N], dtype), alpha: T.float32):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_fragment([block_M, block_N], dtype)
            T.copy(X[by * block_M, bx * block_N], x)
            T.fill(x[0:16, :], 3.0)
            T.clear(x[:, 40:64])
            T.fill(x[20:50, 8:30], alpha)
            T.copy(x, Y[by * block_M, bx * block_N])

    return kernel


kernel = fill_part(128, 128)
