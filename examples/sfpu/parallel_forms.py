# T.Parallel forms beyond one expression of whole blocks (docs/sfpu.md):
# - causal_let: a causal mask whose row and column positions are let-bound temporaries of the
#   nest (`q_idx = ...`, `k_idx = ...`), substituted into the condition by B3;
# - data_select: T.if_then_else on element values (a sign test, a comparison of two blocks, an
#   equality with a per-row maximum), lowered to SFPU predicates and blends;
# - weighted_sum: an expression of three operands and two scalars (a constant and a float32
#   kernel parameter) evaluated as one tile-op tree;
# - pairwise: one vector read both per row and per column (`g[i] - g[j]`, a decay matrix of
#   chunked linear attention), and a per-row statistic read per column in a later nest; A1
#   gives those loads a transposed twin of the vector.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def causal_let(M, N, block_M=32, block_N=32):
    dtype = "float"

    @T.prim_func
    def kernel(X: T.Tensor([M, N], dtype), Y: T.Tensor([M, N], dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_fragment([block_M, block_N], dtype)
            y = T.alloc_fragment([block_M, block_N], dtype)
            T.copy(X[by * block_M:(by + 1) * block_M, bx * block_N:(bx + 1) * block_N], x)
            for i, j in T.Parallel(block_M, block_N):
                q_idx = by * block_M + i
                k_idx = bx * block_N + j
                y[i, j] = T.if_then_else(q_idx >= k_idx, x[i, j] * 2.0, -T.infinity(dtype))
            T.copy(y, Y[by * block_M:(by + 1) * block_M, bx * block_N:(bx + 1) * block_N])

    return kernel


@tilelang.jit(out_idx=[2])
def data_select(M, N, block_M=32, block_N=64):
    dtype = "float"

    @T.prim_func
    def kernel(X: T.Tensor([M, N], dtype), Z: T.Tensor([M, N], dtype), Y: T.Tensor([M, N],
                                                                                    dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            x = T.alloc_fragment([block_M, N], dtype)
            z = T.alloc_fragment([block_M, N], dtype)
            y = T.alloc_fragment([block_M, N], dtype)
            m = T.alloc_fragment([block_M], dtype)
            T.copy(X[bx * block_M:(bx + 1) * block_M, :], x)
            T.copy(Z[bx * block_M:(bx + 1) * block_M, :], z)
            T.reduce_max(x, m, dim=1)
            for i, j in T.Parallel(block_M, N):
                y[i, j] = T.if_then_else(x[i, j] <= 0, x[i, j] * 0.5, 0) + T.if_then_else(
                    x[i, j] > z[i, j], x[i, j], z[i, j])
            for i, j in T.Parallel(block_M, N):
                y[i, j] = T.if_then_else(m[i] == x[i, j], -100.0, y[i, j])
            T.copy(y, Y[bx * block_M:(bx + 1) * block_M, :])

    return kernel


@tilelang.jit(out_idx=[2])
def weighted_sum(M, N, block_M=32, block_N=64):
    dtype = "bfloat16"

    @T.prim_func
    def kernel(X: T.Tensor([M, N], dtype), Z: T.Tensor([M, N], dtype), Y: T.Tensor([M, N], dtype),
               alpha: T.float32):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_shared([block_M, block_N], dtype)
            z = T.alloc_shared([block_M, block_N], dtype)
            y = T.alloc_fragment([block_M, block_N], "float")
            T.copy(X[by * block_M, bx * block_N], x)
            T.copy(Z[by * block_M, bx * block_N], z)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = 0.75 * x[i, j] + alpha * z[i, j] + 1.5
            T.copy(y, Y[by * block_M, bx * block_N])

    return kernel


@tilelang.jit(out_idx=[2])
def pairwise(M, S=64):
    dtype = "float"

    @T.prim_func
    def kernel(G: T.Tensor([M], dtype), X: T.Tensor([M, S], dtype), Y: T.Tensor([M, S], dtype)):
        with T.Kernel(T.ceildiv(M, S)) as bx:
            g = T.alloc_fragment([S], dtype)
            x = T.alloc_fragment([S, S], dtype)
            d = T.alloc_fragment([S, S], dtype)
            s = T.alloc_fragment([S], dtype)
            T.copy(G[bx * S:(bx + 1) * S], g)
            T.copy(X[bx * S:(bx + 1) * S, :], x)
            for i, j in T.Parallel(S, S):
                d[i, j] = T.exp(g[i] - g[j]) * x[i, j]
            T.reduce_sum(d, s, dim=1)
            for i, j in T.Parallel(S, S):
                d[i, j] = d[i, j] + s[j] * 0.125
            T.copy(d, Y[bx * S:(bx + 1) * S, :])

    return kernel


kernel = data_select(64, 128)
