# Attention-backward-style kernel: each block owns a block of keys and values and walks the query
# blocks, recomputing the probabilities P^T = exp(K Q^T * scale - lse) and accumulating
# dV += P^T dO and dK += dS^T Q with T.gemm across that loop, next to element-wise compute and
# two other GEMMs (dK's clear is absorbed into its first step, dV's is a tile fill); both
# partial sums stay in the accumulators' CBs between steps. Each step's dQ contribution
# dS K (dS^T is held, so a transpose_A T.gemm) is written out per key block.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-3, -2, -1])
def attn_bwd_kv(seq, dim, block_m=64, block_n=64, dtype="bfloat16", accum_dtype="float32"):
    scale = 0.125
    nkv = seq // block_m

    @T.prim_func
    def main(Q: T.Tensor((seq, dim), dtype), K: T.Tensor((seq, dim), dtype),
             V: T.Tensor((seq, dim), dtype), dO: T.Tensor((seq, dim), dtype),
             lse: T.Tensor((seq,), accum_dtype), delta: T.Tensor((seq,), accum_dtype),
             dQp: T.Tensor((nkv, seq, dim), accum_dtype), dK: T.Tensor((seq, dim), dtype),
             dV: T.Tensor((seq, dim), dtype)):
        with T.Kernel(nkv) as bx:
            k_s = T.alloc_shared((block_m, dim), dtype)
            v_s = T.alloc_shared((block_m, dim), dtype)
            q_s = T.alloc_shared((block_n, dim), dtype)
            do_s = T.alloc_shared((block_n, dim), dtype)
            lse_s = T.alloc_shared((block_n,), accum_dtype)
            delta_s = T.alloc_shared((block_n,), accum_dtype)
            p_t = T.alloc_fragment((block_m, block_n), accum_dtype)
            p_c = T.alloc_fragment((block_m, block_n), dtype)
            dp_t = T.alloc_fragment((block_m, block_n), accum_dtype)
            ds_t = T.alloc_shared((block_m, block_n), dtype)
            dv = T.alloc_fragment((block_m, dim), accum_dtype)
            dk = T.alloc_fragment((block_m, dim), accum_dtype)
            dq = T.alloc_fragment((block_n, dim), accum_dtype)
            dv_s = T.alloc_shared((block_m, dim), dtype)
            dk_s = T.alloc_shared((block_m, dim), dtype)
            T.copy(K[bx * block_m:(bx + 1) * block_m, :], k_s)
            T.copy(V[bx * block_m:(bx + 1) * block_m, :], v_s)
            T.clear(dv)
            T.clear(dk)
            for k in T.Pipelined(seq // block_n, num_stages=2):
                T.copy(Q[k * block_n:(k + 1) * block_n, :], q_s)
                T.copy(dO[k * block_n:(k + 1) * block_n, :], do_s)
                T.copy(lse[k * block_n:(k + 1) * block_n], lse_s)
                T.copy(delta[k * block_n:(k + 1) * block_n], delta_s)
                T.clear(p_t)
                T.gemm(k_s, q_s, p_t, transpose_B=True)
                for i, j in T.Parallel(block_m, block_n):
                    p_t[i, j] = T.exp(p_t[i, j] * scale - lse_s[j])
                T.copy(p_t, p_c)
                T.gemm(p_c, do_s, dv)
                T.clear(dp_t)
                T.gemm(v_s, do_s, dp_t, transpose_B=True)
                for i, j in T.Parallel(block_m, block_n):
                    ds_t[i, j] = p_t[i, j] * (dp_t[i, j] - delta_s[j]) * scale
                T.gemm(ds_t, q_s, dk)
                T.clear(dq)
                T.gemm(ds_t, k_s, dq, transpose_A=True)
                T.copy(dq, dQp[bx, k * block_n:(k + 1) * block_n, :])
            T.copy(dv, dv_s)
            T.copy(dk, dk_s)
            T.copy(dv_s, dV[bx * block_m:(bx + 1) * block_m, :])
            T.copy(dk_s, dK[bx * block_m:(bx + 1) * block_m, :])

    return main


kernel = attn_bwd_kv(128, 64)
