# Decode attention over a block of heads smaller than a tile (the upstream MLA decode and
# sparse-MLA form): each (batch, head group) block takes `block_H` heads of Q — with fewer heads
# than that, one group whose region reaches past the tensor's end (TileLang reads zeros there and
# drops the writes) —, scores them against all N keys, softmax over the keys, times V. B1 pads
# the [block_H, ...] blocks to whole tiles; N need not be a multiple of 32 (masked reductions).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def head_block_attention(B, H, D, N, block_H=16, dtype="bfloat16"):
    scale = (1.0 / D)**0.5
    accum = "float32"

    @T.prim_func
    def main(Q: T.Tensor((B, H, D), dtype), K: T.Tensor((B, N, D), dtype),
             V: T.Tensor((B, N, D), dtype), O: T.Tensor((B, H, D), dtype)):
        with T.Kernel(B, T.ceildiv(H, block_H)) as (bb, hb):
            q = T.alloc_shared((block_H, D), dtype)
            k = T.alloc_shared((N, D), dtype)
            v = T.alloc_shared((N, D), dtype)
            s = T.alloc_fragment((block_H, N), accum)
            p = T.alloc_fragment((block_H, N), dtype)
            o = T.alloc_fragment((block_H, D), accum)
            m = T.alloc_fragment((block_H,), accum)
            l = T.alloc_fragment((block_H,), accum)
            h0 = hb * block_H
            h1 = h0 + block_H
            T.copy(Q[bb, h0:h1, :], q)
            T.copy(K[bb, :, :], k)
            T.copy(V[bb, :, :], v)
            T.fill(o, 0)
            T.clear(s)
            T.gemm(q, k, s, transpose_B=True)
            T.reduce_max(s, m, dim=1)
            for i, j in T.Parallel(block_H, N):
                s[i, j] = T.exp((s[i, j] - m[i]) * scale)
            T.reduce_sum(s, l, dim=1)
            T.copy(s, p)
            T.gemm(p, v, o)
            for i, j in T.Parallel(block_H, D):
                o[i, j] = o[i, j] / l[i]
            T.copy(o, O[bb, h0:h1, :])

    return main


kernel = head_block_attention(2, 5, 64, 64)
