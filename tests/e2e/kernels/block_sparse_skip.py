# Block-sparse kernels that skip key/K blocks whose mask entry is false (issue 13 item 6): the
# mask row of the block is copied into a fragment and `if mask[k]:` guards the K-block's loads
# and compute. A1 reads the entry where the branch needs it (a one-element tile of the bool
# mask tensor); D3a hands its value to the reader (from L1) and to compute (read_tile_value), so
# both skip the same blocks. A GEMM accumulating only unmasked K blocks, and a flash-attention
# forward (online softmax) over the unmasked key blocks of each query block, BHSD layout. Every
# row of the mask keeps its first block (the reference's softmax needs at least one).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def block_sparse_gemm(M, N, K, bm=32, bn=32, bk=32, dtype="bfloat16"):
    nk = K // bk

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype),
             Mask: T.Tensor((M // bm, nk), "bool"), C: T.Tensor((M, N), dtype)):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            a = T.alloc_shared((bm, bk), dtype)
            b = T.alloc_shared((bk, bn), dtype)
            c = T.alloc_fragment((bm, bn), "float32")
            mask = T.alloc_fragment((nk,), "bool")
            T.copy(Mask[by, :], mask)
            T.clear(c)
            for k in T.Pipelined(nk, num_stages=2):
                if mask[k]:
                    T.copy(A[by * bm, k * bk], a)
                    T.copy(B[k * bk, bx * bn], b)
                    T.gemm(a, b, c)
            T.copy(c, C[by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[-1])
def block_sparse_attention(batch, heads, seq, dim, block_M=64, block_N=32, dtype="bfloat16"):
    scale = (1.0 / dim)**0.5 * 1.44269504
    nq = seq // block_M
    nk = seq // block_N
    accum = "float32"

    @T.prim_func
    def main(Q: T.Tensor((batch, heads, seq, dim), dtype),
             K: T.Tensor((batch, heads, seq, dim), dtype),
             V: T.Tensor((batch, heads, seq, dim), dtype),
             Keep: T.Tensor((batch, heads, nq, nk), "uint8"),
             O: T.Tensor((batch, heads, seq, dim), dtype)):
        with T.Kernel(nq, heads, batch) as (bx, by, bz):
            q = T.alloc_shared((block_M, dim), dtype)
            k_s = T.alloc_shared((block_N, dim), dtype)
            v_s = T.alloc_shared((block_N, dim), dtype)
            s = T.alloc_fragment((block_M, block_N), accum)
            p = T.alloc_fragment((block_M, block_N), dtype)
            o = T.alloc_fragment((block_M, dim), accum)
            m = T.alloc_fragment((block_M,), accum)
            m_prev = T.alloc_fragment((block_M,), accum)
            r = T.alloc_fragment((block_M,), accum)
            l = T.alloc_fragment((block_M,), accum)
            l_blk = T.alloc_fragment((block_M,), accum)
            T.copy(Q[bz, by, bx * block_M:(bx + 1) * block_M, :], q)
            T.fill(o, 0)
            T.fill(l, 0)
            T.fill(m, -T.infinity(accum))
            for kb in T.serial(nk):
                if Keep[bz, by, bx, kb] > 8 or kb == 0:
                    T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k_s)
                    T.clear(s)
                    T.gemm(q, k_s, s, transpose_B=True)
                    T.copy(m, m_prev)
                    T.reduce_max(s, m, dim=1, clear=False)
                    for i in T.Parallel(block_M):
                        r[i] = T.exp2(m_prev[i] * scale - m[i] * scale)
                    for i, j in T.Parallel(block_M, block_N):
                        s[i, j] = T.exp2(s[i, j] * scale - m[i] * scale)
                    T.reduce_sum(s, l_blk, dim=1)
                    for i in T.Parallel(block_M):
                        l[i] = l[i] * r[i] + l_blk[i]
                    T.copy(s, p)
                    for i, j in T.Parallel(block_M, dim):
                        o[i, j] *= r[i]
                    T.copy(V[bz, by, kb * block_N:(kb + 1) * block_N, :], v_s)
                    T.gemm(p, v_s, o)
            for i, j in T.Parallel(block_M, dim):
                o[i, j] /= l[i]
            T.copy(o, O[bz, by, bx * block_M:(bx + 1) * block_M, :])

    return main


kernel = block_sparse_gemm(64, 64, 128)
