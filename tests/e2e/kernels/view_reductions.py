# Reductions of on-chip views and vectors (issue 13 item 1):
# - head_sums: a GEMM accumulator [M, H] seen as [M, 1, H] (T.reshape), scaled in a 3-D nest by
#   a [1, H] row of weights and summed along its last axis into a [M, 1] block (A1: [n, 1] and
#   [1, n] blocks become vectors, the reduction of the view a row reduction of the block), then
#   masked and stored element by element.
# - scalar_absmax: a per-column vector (column sums; axis=1: a per-row vector of row sums)
#   reduced whole into a one-element block (B3: reducing the vector's tile row, or tile column,
#   leaves the result at (0, 0)), which scales the block; total=True: the sum instead.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3])
def head_sums(M, H, K, dtype="bfloat16", accum="float32"):
    @T.prim_func
    def main(Q: T.Tensor((H, K), dtype), Kt: T.Tensor((M, K), dtype), W: T.Tensor((4, H), accum),
             Y: T.Tensor((M,), accum)):
        with T.Kernel(1) as bx:
            q = T.alloc_shared((H, K), dtype)
            k = T.alloc_shared((M, K), dtype)
            s = T.alloc_fragment((M, H), accum)
            v = T.reshape(s, (M, 1, H))
            o = T.alloc_fragment((M, 1), accum)
            w = T.alloc_fragment((1, H), accum)
            T.copy(Q[0, 0], q)
            T.copy(Kt[0, 0], k)
            T.copy(W[2, :], w)
            T.gemm(k, q, s, transpose_B=True, clear_accum=True)
            for i, g, h in T.Parallel(M, 1, H):
                v[i, g, h] = T.max(v[i, g, h], 0) * w[g, h]
            T.reduce_sum(v, o, dim=-1, clear=True)
            for i in T.Parallel(M):
                if i >= M - 3:
                    o[i, 0] = -1.5
            for i in T.Parallel(M):
                Y[i] = o[i, 0]

    return main


@tilelang.jit(out_idx=[1])
def scalar_absmax(M, N, axis=0, total=False, dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(1) as bx:
            x = T.alloc_fragment((M, N), dtype)
            sums = T.alloc_fragment((N if axis == 0 else M,), dtype)
            m = T.alloc_fragment((1,), dtype)
            T.copy(X[0, 0], x)
            T.reduce_sum(x, sums, dim=axis)
            if total:
                T.reduce_sum(sums, m, dim=0, clear=True)
            else:
                T.reduce_absmax(sums, m, dim=0, clear=True)
            for i, j in T.Parallel(M, N):
                x[i, j] = x[i, j] / T.max(T.abs(m[0]), 1e-6)
            T.copy(x, Y[0, 0])

    return main


kernel = head_sums(64, 32, 64)
