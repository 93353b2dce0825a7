# Per-row values gathered from one column of a [batch, seq, heads] tensor by a 1-D T.Parallel
# nest (`beta[i] = Beta[b, base + i, h]`, `g[i] = T.exp(G[b, base + i, h])`, issue 13 item 5):
# A1 reads each tensor load as the copy of a vector run, so Beta and G become vector-run
# tensors and the nest a tile copy (or an element-wise nest over the copied run). The rows of
# a [batch, seq, heads, dim] tensor scaled by them.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3])
def run_gathers(B, S, H, D, bs=32, dtype="float32"):

    @T.prim_func
    def main(K: T.Tensor((B, S, H, D), dtype), Beta: T.Tensor((B, S, H), dtype),
             G: T.Tensor((B, S, H), dtype), Y: T.Tensor((B, S, H, D), dtype)):
        with T.Kernel(T.ceildiv(S, bs), H, B) as (bx, bh, bb):
            k = T.alloc_shared((bs, D), dtype)
            beta = T.alloc_shared((bs,), dtype)
            g = T.alloc_shared((bs,), dtype)
            y = T.alloc_fragment((bs, D), dtype)
            for i in T.Parallel(bs):
                beta[i] = Beta[bb, bx * bs + i, bh]
                g[i] = T.exp(G[bb, bx * bs + i, bh])
            T.copy(K[bb, bx * bs:(bx + 1) * bs, bh, :], k)
            for i, j in T.Parallel(bs, D):
                y[i, j] = k[i, j] * beta[i] * g[i]
            T.copy(y, Y[bb, bx * bs:(bx + 1) * bs, bh, :])

    return main


kernel = run_gathers(2, 64, 2, 64)
