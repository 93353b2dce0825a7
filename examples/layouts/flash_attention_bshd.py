# Flash-attention forward over [batch, seq_len, heads, dim] tensors (BSHD, the layout of most
# model code) with few heads: A1 tiles each tensor on (seq_len, dim), with batch and heads as
# outer dimensions, because every access takes a range of rows and the whole head dimension of
# one (batch, head) pair. Online softmax over key blocks, optional causal mask.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3])
def attention_bshd(batch, seq_len, heads, dim, causal, block_M=64, block_N=64):
    scale = (1.0 / dim)**0.5 * 1.4426950408889634  # folded with log2(e) for exp2
    shape = [batch, seq_len, heads, dim]
    dtype = "bfloat16"
    accum = "float"

    @T.prim_func
    def fwd(Q: T.Tensor(shape, dtype), K: T.Tensor(shape, dtype), V: T.Tensor(shape, dtype),
            Out: T.Tensor(shape, dtype)):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch) as (bq, h, b):
            q = T.alloc_shared([block_M, dim], dtype)
            k = T.alloc_shared([block_N, dim], dtype)
            v = T.alloc_shared([block_N, dim], dtype)
            scores = T.alloc_fragment([block_M, block_N], accum)
            probs = T.alloc_fragment([block_M, block_N], dtype)
            acc = T.alloc_fragment([block_M, dim], accum)
            row_max = T.alloc_fragment([block_M], accum)
            prev_max = T.alloc_fragment([block_M], accum)
            rescale = T.alloc_fragment([block_M], accum)
            block_sum = T.alloc_fragment([block_M], accum)
            denom = T.alloc_fragment([block_M], accum)

            T.copy(Q[b, bq * block_M:(bq + 1) * block_M, h, :], q)
            T.fill(acc, 0)
            T.fill(denom, 0)
            T.fill(row_max, -T.infinity(accum))
            last = T.ceildiv((bq + 1) * block_M, block_N) if causal else T.ceildiv(
                seq_len, block_N)
            for kb in T.Pipelined(last, num_stages=2):
                T.copy(K[b, kb * block_N:(kb + 1) * block_N, h, :], k)
                if causal:
                    for i, j in T.Parallel(block_M, block_N):
                        scores[i, j] = T.if_then_else(bq * block_M + i >= kb * block_N + j, 0,
                                                      -T.infinity(accum))
                else:
                    T.clear(scores)
                T.gemm(q, k, scores, transpose_B=True)
                T.copy(row_max, prev_max)
                T.reduce_max(scores, row_max, dim=1, clear=False)
                for i in T.Parallel(block_M):
                    rescale[i] = T.exp2((prev_max[i] - row_max[i]) * scale)
                for i, j in T.Parallel(block_M, block_N):
                    scores[i, j] = T.exp2((scores[i, j] - row_max[i]) * scale)
                T.reduce_sum(scores, block_sum, dim=1)
                for i in T.Parallel(block_M):
                    denom[i] = denom[i] * rescale[i] + block_sum[i]
                T.copy(scores, probs)
                for i, j in T.Parallel(block_M, dim):
                    acc[i, j] *= rescale[i]
                T.copy(V[b, kb * block_N:(kb + 1) * block_N, h, :], v)
                T.gemm(probs, v, acc)
            for i, j in T.Parallel(block_M, dim):
                acc[i, j] /= denom[i]
            T.copy(acc, Out[b, bq * block_M:(bq + 1) * block_M, h, :])

    return fwd


kernel = attention_bshd(2, 128, 2, 64, True)
