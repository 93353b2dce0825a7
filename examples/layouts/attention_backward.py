# Flash-attention backward pieces over [batch, heads, seq, dim] tensors, with per-row statistics
# stored as [batch, heads, seq] tensors (lse, Delta) that are copied one run of seq at a time
# to and from 1-D on-chip vectors. A1 lays each statistics tensor out as one vector tile per
# (batch, head): per-row ([seq, 32]) when the kernel uses its vector as `v[i]` (or a reduction
# writes it), per-column ([32, seq]) when it uses it as `v[j]` (docs/layouts.md).
# - forward_lse: attention forward that also writes lse = log2 of the softmax denominator.
# - preprocess: Delta = rowsum(O * dO), written as [batch, heads, seq] (or [batch, seq, heads]).
# - ds_t: dS^T = P^T * (dP^T - Delta[j]) blocks, reading lse and Delta as per-column vectors.
# - ds: dS = P * (dP - Delta[i]) blocks, reading lse and Delta as per-row vectors.
import tilelang
import tilelang.language as T

dtype = "bfloat16"
accum = "float"


@tilelang.jit(out_idx=[3, 4])
def forward_lse(batch, heads, seq_len, dim, block_M=32, block_N=32, sm_scale=None):
    scale = (sm_scale or (1.0 / dim)**0.5) * 1.4426950408889634
    shape = [batch, heads, seq_len, dim]

    @T.prim_func
    def fwd(Q: T.Tensor(shape, dtype), K: T.Tensor(shape, dtype), V: T.Tensor(shape, dtype),
            Out: T.Tensor(shape, dtype), lse: T.Tensor([batch, heads, seq_len], accum)):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch) as (bx, by, bz):
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
            for kb in T.Pipelined(T.ceildiv(seq_len, block_N), num_stages=1):
                T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k)
                T.clear(s)
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
            for i in T.Parallel(block_M):
                l[i] = T.log2(l[i]) + m[i] * scale
            T.copy(l, lse[bz, by, bx * block_M:(bx + 1) * block_M])

    return fwd


@tilelang.jit(out_idx=[2])
def preprocess(batch, heads, seq_len, dim, heads_last=False, blk=32):
    shape = [batch, heads, seq_len, dim]
    stats = [batch, seq_len, heads] if heads_last else [batch, heads, seq_len]

    @T.prim_func
    def prep(O: T.Tensor(shape, dtype), dO: T.Tensor(shape, dtype),
             Delta: T.Tensor(stats, accum)):
        with T.Kernel(heads, T.ceildiv(seq_len, blk), batch) as (bx, by, bz):
            o = T.alloc_fragment([blk, blk], dtype)
            do = T.alloc_fragment([blk, blk], dtype)
            acc = T.alloc_fragment([blk, blk], accum)
            delta = T.alloc_fragment([blk], accum)
            T.clear(acc)
            for k in range(T.ceildiv(dim, blk)):
                T.copy(O[bz, bx, by * blk:(by + 1) * blk, k * blk:(k + 1) * blk], o)
                T.copy(dO[bz, bx, by * blk:(by + 1) * blk, k * blk:(k + 1) * blk], do)
                for i, j in T.Parallel(blk, blk):
                    acc[i, j] += o[i, j] * do[i, j]
            T.reduce_sum(acc, delta, 1)
            if heads_last:
                T.copy(delta, Delta[bz, by * blk:(by + 1) * blk, bx])
            else:
                T.copy(delta, Delta[bz, bx, by * blk:(by + 1) * blk])

    return prep


@tilelang.jit(out_idx=[6])
def ds_t(batch, heads, seq_len, dim, block_M=32, block_N=32):
    sm_scale = (1.0 / dim)**0.5
    scale = sm_scale * 1.4426950408889634
    shape = [batch, heads, seq_len, dim]

    @T.prim_func
    def bwd_ds_t(Q: T.Tensor(shape, dtype), K: T.Tensor(shape, dtype), V: T.Tensor(shape, dtype),
                 dO: T.Tensor(shape, dtype), lse: T.Tensor([batch, heads, seq_len], accum),
                 Delta: T.Tensor([batch, heads, seq_len], accum),
                 dS_T: T.Tensor([batch, heads, seq_len, seq_len], dtype)):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch) as (bx, by, bz):
            k = T.alloc_shared([block_M, dim], dtype)
            v = T.alloc_shared([block_M, dim], dtype)
            q = T.alloc_shared([block_N, dim], dtype)
            do = T.alloc_shared([block_N, dim], dtype)
            qkT = T.alloc_fragment([block_M, block_N], accum)
            dpT = T.alloc_fragment([block_M, block_N], accum)
            dsT = T.alloc_fragment([block_M, block_N], dtype)
            lse_j = T.alloc_shared([block_N], accum)
            delta_j = T.alloc_shared([block_N], accum)
            T.copy(K[bz, by, bx * block_M:(bx + 1) * block_M, :], k)
            T.copy(V[bz, by, bx * block_M:(bx + 1) * block_M, :], v)
            for kb in T.Pipelined(T.ceildiv(seq_len, block_N), num_stages=1):
                T.copy(Q[bz, by, kb * block_N:(kb + 1) * block_N, :], q)
                T.clear(qkT)
                T.gemm(k, q, qkT, transpose_B=True)
                T.copy(lse[bz, by, kb * block_N:(kb + 1) * block_N], lse_j)
                for i, j in T.Parallel(block_M, block_N):
                    qkT[i, j] = T.exp2(qkT[i, j] * scale - lse_j[j])
                T.copy(dO[bz, by, kb * block_N:(kb + 1) * block_N, :], do)
                T.clear(dpT)
                T.gemm(v, do, dpT, transpose_B=True)
                T.copy(Delta[bz, by, kb * block_N:(kb + 1) * block_N], delta_j)
                for i, j in T.Parallel(block_M, block_N):
                    dsT[i, j] = qkT[i, j] * (dpT[i, j] - delta_j[j]) * sm_scale
                T.copy(dsT, dS_T[bz, by, bx * block_M:(bx + 1) * block_M,
                                 kb * block_N:(kb + 1) * block_N])

    return bwd_ds_t


@tilelang.jit(out_idx=[6])
def ds(batch, heads, seq_len, dim, block_M=32, block_N=32):
    sm_scale = (1.0 / dim)**0.5
    scale = sm_scale * 1.4426950408889634
    shape = [batch, heads, seq_len, dim]

    @T.prim_func
    def bwd_ds(Q: T.Tensor(shape, dtype), K: T.Tensor(shape, dtype), V: T.Tensor(shape, dtype),
               dO: T.Tensor(shape, dtype), lse: T.Tensor([batch, heads, seq_len], accum),
               Delta: T.Tensor([batch, heads, seq_len], accum),
               dS: T.Tensor([batch, heads, seq_len, seq_len], dtype)):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch) as (bx, by, bz):
            q = T.alloc_shared([block_M, dim], dtype)
            do = T.alloc_shared([block_M, dim], dtype)
            k = T.alloc_shared([block_N, dim], dtype)
            v = T.alloc_shared([block_N, dim], dtype)
            s = T.alloc_fragment([block_M, block_N], accum)
            dp = T.alloc_fragment([block_M, block_N], accum)
            ds_blk = T.alloc_fragment([block_M, block_N], dtype)
            lse_i = T.alloc_fragment([block_M], accum)
            delta_i = T.alloc_fragment([block_M], accum)
            T.copy(Q[bz, by, bx * block_M:(bx + 1) * block_M, :], q)
            T.copy(dO[bz, by, bx * block_M:(bx + 1) * block_M, :], do)
            T.copy(lse[bz, by, bx * block_M:(bx + 1) * block_M], lse_i)
            T.copy(Delta[bz, by, bx * block_M:(bx + 1) * block_M], delta_i)
            for kb in T.Pipelined(T.ceildiv(seq_len, block_N), num_stages=1):
                T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k)
                T.copy(V[bz, by, kb * block_N:(kb + 1) * block_N, :], v)
                T.clear(s)
                T.gemm(q, k, s, transpose_B=True)
                T.clear(dp)
                T.gemm(do, v, dp, transpose_B=True)
                for i, j in T.Parallel(block_M, block_N):
                    ds_blk[i, j] = T.exp2(s[i, j] * scale - lse_i[i]) * (dp[i, j] - delta_i[i]) * sm_scale
                T.copy(ds_blk, dS[bz, by, bx * block_M:(bx + 1) * block_M,
                                  kb * block_N:(kb + 1) * block_N])

    return bwd_ds


kernel = preprocess(2, 2, 64, 64)
