# Flash-attention forward (classic form): O = softmax(Q K^T * scale) V per (batch, head), one
# block of query rows per kernel instance, streaming over key/value blocks with an online softmax.
# Tensors are laid out [batch, heads, seq_len, dim]; `is_causal` is a compile-time switch.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3], pass_configs={tilelang.PassConfigKey.TL_ENABLE_FAST_MATH: True})
def flash_attention(batch, heads, seq_len, dim, is_causal, block_M=64, block_N=64, num_stages=1):
    scale = (1.0 / dim)**0.5 * 1.4426950408889634  # softmax scale, folded with log2(e)
    shape = [batch, heads, seq_len, dim]
    dtype = "float16"
    accum_dtype = "float"

    @T.macro
    def scores(K: T.Tensor(shape, dtype), q_tile: T.SharedBuffer([block_M, dim], dtype),
               k_tile: T.SharedBuffer([block_N, dim], dtype),
               s: T.FragmentBuffer([block_M, block_N], accum_dtype), kb: T.int32, bx: T.int32,
               by: T.int32, bz: T.int32):
        T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k_tile)
        if is_causal:
            for i, j in T.Parallel(block_M, block_N):
                s[i, j] = T.if_then_else(bx * block_M + i >= kb * block_N + j, 0,
                                         -T.infinity(s.dtype))
        else:
            T.clear(s)
        T.gemm(q_tile, k_tile, s, transpose_B=True, policy=T.GemmWarpPolicy.FullRow)

    @T.macro
    def online_softmax(s, s_cast, m, m_prev, alpha, l_part, l):
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

    @T.macro
    def accumulate(V, v_tile, s_cast, o, alpha, kb, by, bz):
        for i, j in T.Parallel(block_M, dim):
            o[i, j] *= alpha[i]
        T.copy(V[bz, by, kb * block_N:(kb + 1) * block_N, :], v_tile)
        T.gemm(s_cast, v_tile, o, policy=T.GemmWarpPolicy.FullRow)

    @T.prim_func
    def mha_fwd(Q: T.Tensor(shape, dtype), K: T.Tensor(shape, dtype), V: T.Tensor(shape, dtype),
                O: T.Tensor(shape, dtype)):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch, threads=128) as (bx, by, bz):
            q_tile = T.alloc_shared([block_M, dim], dtype)
            k_tile = T.alloc_shared([block_N, dim], dtype)
            v_tile = T.alloc_shared([block_N, dim], dtype)
            o_tile = T.alloc_shared([block_M, dim], dtype)
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

            n_blocks = (
                T.min(T.ceildiv(seq_len, block_N), T.ceildiv((bx + 1) * block_M, block_N))
                if is_causal else T.ceildiv(seq_len, block_N))

            for kb in T.Pipelined(n_blocks, num_stages=num_stages):
                scores(K, q_tile, k_tile, s, kb, bx, by, bz)
                online_softmax(s, s_cast, m, m_prev, alpha, l_part, l)
                accumulate(V, v_tile, s_cast, o, alpha, kb, by, bz)
            for i, j in T.Parallel(block_M, dim):
                o[i, j] /= l[i]
            T.copy(o, o_tile)
            T.copy(o_tile, O[bz, by, bx * block_M:(bx + 1) * block_M, :])

    return mha_fwd


kernel = flash_attention(1, 4, 256, 64, True)
