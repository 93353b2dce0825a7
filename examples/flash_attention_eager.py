# Flash-attention forward in the eager form ([batch, heads, seq_len, dim] tensors).
import tilelang
import tilelang.language as T


@tilelang.jit
def flash_attention(Q, K, V, is_causal, block_M=64, block_N=64, num_stages=1, dtype=T.float16,
                    accum_dtype=T.float32):
    batch, heads, seq_len, dim = T.const("batch, heads, seq_len, dim")
    shape = [batch, heads, seq_len, dim]
    Q: T.Tensor(shape, dtype)
    K: T.Tensor(shape, dtype)
    V: T.Tensor(shape, dtype)
    O = T.empty(shape, dtype)
    scale = (1.0 / dim)**0.5 * 1.4426950408889634

    @T.macro
    def scores(q_tile, k_tile, s, kb, bx, by, bz):
        T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k_tile)
        if is_causal:
            for i, j in T.Parallel(block_M, block_N):
                s[i, j] = T.if_then_else(bx * block_M + i >= kb * block_N + j, 0,
                                         -T.infinity(accum_dtype))
        else:
            T.clear(s)
        T.gemm(q_tile, k_tile, s, transpose_B=True)

    with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch, threads=128) as (bx, by, bz):
        q_tile = T.alloc_shared([block_M, dim], dtype)
        k_tile = T.alloc_shared([block_N, dim], dtype)
        v_tile = T.alloc_shared([block_N, dim], dtype)
        s = T.alloc_fragment([block_M, block_N], accum_dtype)
        s_cast = T.alloc_fragment([block_M, block_N], dtype)
        o = T.alloc_fragment([block_M, dim], accum_dtype)
        m = T.alloc_fragment([block_M], accum_dtype)
        m_prev = T.alloc_fragment([block_M], accum_dtype)
        alpha = T.alloc_fragment([block_M], accum_dtype)
        l_part = T.alloc_fragment([block_M], accum_dtype)
        l = T.alloc_fragment([block_M], accum_dtype)

        T.copy(Q[bz, by, bx * block_M:(bx + 1) * block_M, :], q_tile)
        T.fill(o, 0)
        T.fill(l, 0)
        T.fill(m, -T.infinity(accum_dtype))
        n_blocks = T.ceildiv(seq_len, block_N)
        if is_causal:
            n_blocks = T.min(n_blocks, T.ceildiv((bx + 1) * block_M, block_N))
        for kb in T.Pipelined(n_blocks, num_stages=num_stages):
            scores(q_tile, k_tile, s, kb, bx, by, bz)
            T.copy(m, m_prev)
            T.reduce_max(s, m, dim=1, clear=False)
            for i in T.Parallel(block_M):
                alpha[i] = T.exp2(m_prev[i] * scale - m[i] * scale)
            for i, j in T.Parallel(block_M, block_N):
                s[i, j] = T.exp2(s[i, j] * scale - m[i] * scale)
            T.reduce_sum(s, l_part, dim=1)
            for i in T.Parallel(block_M):
                l[i] = l[i] * alpha[i] + l_part[i]
            T.copy(s, s_cast)
            for i, j in T.Parallel(block_M, dim):
                o[i, j] *= alpha[i]
            T.copy(V[bz, by, kb * block_N:(kb + 1) * block_N, :], v_tile)
            T.gemm(s_cast, v_tile, o)
        for i, j in T.Parallel(block_M, dim):
            o[i, j] /= l[i]
        T.copy(o, O[bz, by, bx * block_M:(bx + 1) * block_M, :])

    return O


kernel = flash_attention.compile(batch=1, heads=4, seq_len=256, dim=64, is_causal=True)
