#!/usr/bin/python3
# Flash-attention forward the TileLang way on the simulated Tenstorrent device:
# O = softmax(Q K^T / sqrt(dim)) V per (batch, head), one block of query rows per kernel instance
# streaming over key/value blocks with an online softmax; torch CPU tensors, a check against
# torch, do_bench (simulated device time) and an autotune over the block sizes.
import os
import sys

import torch

# The build tree's packages, when tltt is not installed (TLTT_BUILD_DIR, default build/).
sys.path.append(os.path.join(os.environ.get("TLTT_BUILD_DIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "build")), "python"))
import tilelang  # noqa: E402
import tilelang.language as T  # noqa: E402
from tilelang.autotuner import autotune  # noqa: E402


def get_configs():
    return [{"block_M": bm, "block_N": bn} for bm in (32, 64) for bn in (32, 64)]


@autotune(configs=get_configs())
@tilelang.jit(out_idx=[3], target="tenstorrent")
def flash_attention(batch, heads, seq_len, dim, is_causal, block_M=64, block_N=64):
    scale = (1.0 / dim)**0.5 * 1.4426950408889634  # 1/sqrt(dim), folded with log2(e) for exp2
    shape = [batch, heads, seq_len, dim]
    dtype = "float16"
    accum_dtype = "float"

    @T.prim_func
    def main(Q: T.Tensor(shape, dtype), K: T.Tensor(shape, dtype), V: T.Tensor(shape, dtype),
             O: T.Tensor(shape, dtype)):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch, threads=128) as (bx, by, bz):
            q = T.alloc_shared([block_M, dim], dtype)
            k = T.alloc_shared([block_N, dim], dtype)
            v = T.alloc_shared([block_N, dim], dtype)
            o_s = T.alloc_shared([block_M, dim], dtype)
            s = T.alloc_fragment([block_M, block_N], accum_dtype)
            p = T.alloc_fragment([block_M, block_N], dtype)
            acc = T.alloc_fragment([block_M, dim], accum_dtype)
            m = T.alloc_fragment([block_M], accum_dtype)
            m_prev = T.alloc_fragment([block_M], accum_dtype)
            alpha = T.alloc_fragment([block_M], accum_dtype)
            l_blk = T.alloc_fragment([block_M], accum_dtype)
            l = T.alloc_fragment([block_M], accum_dtype)

            T.copy(Q[bz, by, bx * block_M:(bx + 1) * block_M, :], q)
            T.fill(acc, 0)
            T.fill(l, 0)
            T.fill(m, -T.infinity(accum_dtype))
            n_blocks = (T.min(T.ceildiv(seq_len, block_N), T.ceildiv((bx + 1) * block_M, block_N))
                        if is_causal else T.ceildiv(seq_len, block_N))
            for kb in T.Pipelined(n_blocks, num_stages=1):
                T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k)
                if is_causal:
                    for i, j in T.Parallel(block_M, block_N):
                        s[i, j] = T.if_then_else(bx * block_M + i >= kb * block_N + j, 0,
                                                 -T.infinity(s.dtype))
                else:
                    T.clear(s)
                T.gemm(q, k, s, transpose_B=True)
                # Online softmax: rescale the running sum and the accumulator by exp(m_prev - m).
                T.copy(m, m_prev)
                T.reduce_max(s, m, dim=1, clear=False)
                for i in T.Parallel(block_M):
                    alpha[i] = T.exp2(m_prev[i] * scale - m[i] * scale)
                for i, j in T.Parallel(block_M, block_N):
                    s[i, j] = T.exp2(s[i, j] * scale - m[i] * scale)
                T.reduce_sum(s, l_blk, dim=1)
                for i in T.Parallel(block_M):
                    l[i] = l[i] * alpha[i] + l_blk[i]
                T.copy(s, p)
                for i, j in T.Parallel(block_M, dim):
                    acc[i, j] *= alpha[i]
                T.copy(V[bz, by, kb * block_N:(kb + 1) * block_N, :], v)
                T.gemm(p, v, acc)
            for i, j in T.Parallel(block_M, dim):
                acc[i, j] /= l[i]
            T.copy(acc, o_s)
            T.copy(o_s, O[bz, by, bx * block_M:(bx + 1) * block_M, :])

    return main


def reference(q, k, v, is_causal):
    s = (q.float() @ k.float().transpose(-1, -2)) / q.shape[-1]**0.5
    if is_causal:
        n = q.shape[-2]
        s = s.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), float("-inf"))
    return (torch.softmax(s, dim=-1) @ v.float()).to(q.dtype)


def main(batch=1, heads=2, seq_len=256, dim=64, is_causal=True):
    kernel = flash_attention(batch, heads, seq_len, dim, is_causal)
    print("autotune chose %s: %.4f ms simulated device time" % (kernel.config, kernel.latency))

    q, k, v = (torch.randn(batch, heads, seq_len, dim, dtype=torch.float16) for _ in range(3))
    o = kernel(q, k, v)
    ref = reference(q, k, v, is_causal)
    # The softmax's exponentials run on the SFPU's fast approximation (B4a, within about 3.5% of
    # exp; docs/sfpu.md), so a few elements differ from torch by a few hundredths.
    torch.testing.assert_close(o, ref, rtol=2e-2, atol=6e-2)
    print("result check against torch: passed (max |o - ref| = %.4g)" %
          (o.float() - ref.float()).abs().max())

    ms = tilelang.profiler.do_bench(lambda: kernel(q, k, v))
    flops = 4 * batch * heads * seq_len * seq_len * dim * (0.5 if is_causal else 1.0)
    print("do_bench: %.4f ms simulated device time (%.2f TFLOP/s)" %
          (ms, flops / (ms * 1e-3) / 1e12))


if __name__ == "__main__":
    main()
