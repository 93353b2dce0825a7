# Bound masks: T.if_then_else on a block's row (`bx * block_M + i`) or column
# (`k * block_N + j`) position against a constant bound, by <, <=, >= or >, and conjunctions
# (`and`) and disjunctions (`or`) of them. B3 lowers each to a mask tile that is a constant fill
# for the tiles wholly inside or outside the bound and the reader's partial mask tile for the
# tile the bound falls in (docs/sfpu.md).
# - attention_kv_bound: attention forward whose key length is not a multiple of the key block;
#   the keys past it (the zero padding of the last block) are masked with -inf.
# - bounded: keeps x + 1 inside a rows x cols corner of a larger tensor and 0 outside it, with
#   the condition written in several forms.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3])
def attention_kv_bound(batch, heads, seq_q, seq_kv, dim, block_M=32, block_N=32):
    scale = (1.0 / dim)**0.5 * 1.4426950408889634
    q_shape = [batch, heads, seq_q, dim]
    kv_shape = [batch, heads, seq_kv, dim]
    dtype = "bfloat16"
    accum = "float"

    @T.prim_func
    def fwd(Q: T.Tensor(q_shape, dtype), K: T.Tensor(kv_shape, dtype),
            V: T.Tensor(kv_shape, dtype), Out: T.Tensor(q_shape, dtype)):
        with T.Kernel(T.ceildiv(seq_q, block_M), heads, batch) as (bx, by, bz):
            q = T.alloc_shared([block_M, dim], dtype)
            k = T.alloc_shared([block_N, dim], dtype)
            v = T.alloc_shared([block_N, dim], dtype)
            s = T.alloc_fragment([block_M, block_N], accum)
            p = T.alloc_fragment([block_M, block_N], dtype)
            o = T.alloc_fragment([block_M, dim], accum)
            m = T.alloc_fragment([block_M], accum)
            m_prev = T.alloc_fragment([block_M], accum)
            r = T.alloc_fragment([block_M], accum)
            l_blk = T.alloc_fragment([block_M], accum)
            l = T.alloc_fragment([block_M], accum)
            T.copy(Q[bz, by, bx * block_M:(bx + 1) * block_M, :], q)
            T.fill(o, 0)
            T.fill(l, 0)
            T.fill(m, -T.infinity(accum))
            for kb in T.Pipelined(T.ceildiv(seq_kv, block_N), num_stages=1):
                T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k)
                for i, j in T.Parallel(block_M, block_N):
                    s[i, j] = T.if_then_else(kb * block_N + j >= seq_kv, -T.infinity(accum), 0)
                T.gemm(q, k, s, transpose_B=True)
                T.copy(m, m_prev)
                T.reduce_max(s, m, dim=1, clear=False)
                for i in T.Parallel(block_M):
                    r[i] = T.exp2((m_prev[i] - m[i]) * scale)
                for i, j in T.Parallel(block_M, block_N):
                    s[i, j] = T.exp2((s[i, j] - m[i]) * scale)
                T.reduce_sum(s, l_blk, dim=1)
                for i in T.Parallel(block_M):
                    l[i] = l[i] * r[i] + l_blk[i]
                T.copy(s, p)
                for i, j in T.Parallel(block_M, dim):
                    o[i, j] *= r[i]
                T.copy(V[bz, by, kb * block_N:(kb + 1) * block_N, :], v)
                T.gemm(p, v, o)
            for i, j in T.Parallel(block_M, dim):
                o[i, j] /= l[i]
            T.copy(o, Out[bz, by, bx * block_M:(bx + 1) * block_M, :])

    return fwd


@tilelang.jit(out_idx=[1])
def bounded(M, N, rows, cols, form, block_M=32, block_N=64):
    dtype = "float"

    @T.prim_func
    def kernel(X: T.Tensor([M, N], dtype), Y: T.Tensor([M, N], dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_fragment([block_M, block_N], dtype)
            y = T.alloc_fragment([block_M, block_N], dtype)
            T.copy(X[by * block_M:(by + 1) * block_M, bx * block_N:(bx + 1) * block_N], x)
            for i, j in T.Parallel(block_M, block_N):
                if form == "and":
                    y[i, j] = T.if_then_else(
                        by * block_M + i < rows and bx * block_N + j < cols, x[i, j] + 1, 0)
                elif form == "or":
                    y[i, j] = T.if_then_else(
                        by * block_M + i >= rows or bx * block_N + j >= cols, 0, x[i, j] + 1)
                elif form == "rows":
                    y[i, j] = T.if_then_else(rows > by * block_M + i, x[i, j] + 1, 0)
                else:
                    y[i, j] = T.if_then_else(bx * block_N + j <= cols - 1, x[i, j] + 1, 0)
            T.copy(y, Y[by * block_M:(by + 1) * block_M, bx * block_N:(bx + 1) * block_N])

    return kernel


kernel = attention_kv_bound(1, 2, 64, 80, 64)
