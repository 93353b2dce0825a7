# Indirect row gathers (issue 13, sparse attention): rows of a key/value tensor picked by an
# int32 index tensor, `kv[i, d] = KV[b, Idx[b, s, base + i], d]`, which the reader assembles row by
# row (passes/row_gathers.h); an index of -1 (a short top-k list's padding) picks no row.
# gather_rows copies the gathered blocks out (an index past either end reads zeros);
# sparse_attention is one query row's heads attending to its top-k keys with an online softmax,
# the -1 entries masked to -inf from a mask computed from the same indices.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gather_rows(B, S, N, D, K, block=32, dtype="bfloat16"):

    @T.prim_func
    def main(KV: T.Tensor((B, N, D), dtype), Idx: T.Tensor((B, S, K), "int32"),
             Out: T.Tensor((B, S, K, D), dtype)):
        with T.Kernel(S, B) as (s, b):
            rows = T.alloc_shared((block, D), dtype)
            for t in T.serial(K // block):
                for i, d in T.Parallel(block, D):
                    rows[i, d] = KV[b, Idx[b, s, t * block + i], d]
                T.copy(rows, Out[b, s, t * block:(t + 1) * block, :])

    return main


@tilelang.jit(out_idx=[-1])
def sparse_attention(B, S, N, H, D, K, block=64, dtype="bfloat16"):
    scale = (1.0 / D)**0.5
    accum = "float32"

    @T.prim_func
    def main(Q: T.Tensor((B, S, H, D), dtype), KV: T.Tensor((B, N, D), dtype),
             Idx: T.Tensor((B, S, K), "int32"), O: T.Tensor((B, S, H, D), dtype)):
        with T.Kernel(S, B) as (s, b):
            q = T.alloc_shared((H, D), dtype)
            kv = T.alloc_shared((block, D), dtype)
            p = T.alloc_shared((H, block), dtype)
            sc = T.alloc_fragment((H, block), accum)
            o = T.alloc_fragment((H, D), accum)
            m = T.alloc_fragment((H,), accum)
            m_old = T.alloc_fragment((H,), accum)
            r = T.alloc_fragment((H,), accum)
            l = T.alloc_fragment((H,), accum)
            l_t = T.alloc_fragment((H,), accum)
            valid = T.alloc_fragment((block,), "bool")
            T.copy(Q[b, s, :, :], q)
            T.fill(o, 0)
            T.fill(l, 0)
            T.fill(m, -(2**30))
            for t in T.Pipelined(K // block, num_stages=2):
                for i in T.Parallel(block):
                    valid[i] = Idx[b, s, t * block + i] >= 0
                for i, d in T.Parallel(block, D):
                    kv[i, d] = KV[b, Idx[b, s, t * block + i], d]
                for h, i in T.Parallel(H, block):
                    sc[h, i] = T.if_then_else(valid[i], 0, -T.infinity(accum))
                T.gemm(q, kv, sc, transpose_B=True)
                T.copy(m, m_old)
                T.reduce_max(sc, m, dim=1, clear=False)
                for h in T.Parallel(H):
                    r[h] = T.exp((m_old[h] - m[h]) * scale)
                for h, i in T.Parallel(H, block):
                    sc[h, i] = T.exp((sc[h, i] - m[h]) * scale)
                T.reduce_sum(sc, l_t, dim=1)
                for h in T.Parallel(H):
                    l[h] = l[h] * r[h] + l_t[h]
                for h, d in T.Parallel(H, D):
                    o[h, d] = o[h, d] * r[h]
                T.copy(sc, p)
                T.gemm(p, kv, o)
            for h, d in T.Parallel(H, D):
                o[h, d] = o[h, d] / l[h]
            T.copy(o, O[b, s, :, :])

    return main


kernel = gather_rows(2, 3, 96, 64, 64)
