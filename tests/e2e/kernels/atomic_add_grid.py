# T.atomic_add at indices the grid reaches indirectly (issue 13, atomics): through lets of the
# block (`i_b = i_bh // H`, `i_h = i_bh % H` over a flattened batch * heads dimension, and a let
# inside a loop), and through the quotient of a grid index (GQA: the `G` query heads of one KV
# head add to that head's region); also under conditions of the grid and the loops. A1
# serialises the blocks that add to one region on one core (docs/atomics.md); `tltt run` starts the destinations from random values and checks them.
import tilelang
import tilelang.language as T


# Chunks of a BSHD tensor over a flattened batch * heads grid dimension: the blocks of each
# feature slice 'i_k' add their scaled chunk to one region of O, walking the chunks backwards.
@tilelang.jit(out_idx=[])
def flat_heads(B, S, H, D, nk, bm):
    chunks = S // bm

    @T.prim_func
    def kernel(X: T.Tensor((B, S, H, nk * D), "bfloat16"), O: T.Tensor((B, S, H, D), "float32")):
        with T.Kernel(nk, B * H) as (i_k, i_bh):
            i_b = i_bh // H
            i_h = i_bh % H
            x = T.alloc_shared((bm, D), "bfloat16")
            o = T.alloc_fragment((bm, D), "float32")
            for i in T.Pipelined(1, chunks + 1):
                c = chunks - i
                T.copy(X[i_b, c * bm:(c + 1) * bm, i_h, i_k * D:(i_k + 1) * D], x)
                for r, j in T.Parallel(bm, D):
                    o[r, j] = x[r, j] * 2.0
                T.atomic_add(O[i_b, c * bm:(c + 1) * bm, i_h, :], o)

    return kernel


# The accumulations of a GQA backward over BHSD tensors: the query head 'bx' reads its KV head
# 'bx // G'; dQ takes the share of every key block 'by' inside the loop over query blocks, and
# dV (one region per KV head and key block) the sum over the G query heads of the group.
@tilelang.jit(out_idx=[])
def gqa_groups(B, H, G, S, D, bm, bn):
    q_shape = [B, H, S, D]
    kv_shape = [B, H // G, S, D]

    @T.prim_func
    def kernel(Q: T.Tensor(q_shape, "bfloat16"), K: T.Tensor(kv_shape, "bfloat16"),
               dQ: T.Tensor(q_shape, "float32"), dV: T.Tensor(kv_shape, "float32")):
        with T.Kernel(H, T.ceildiv(S, bm), B) as (bx, by, bz):
            k_s = T.alloc_shared((bm, D), "bfloat16")
            q_s = T.alloc_shared((bn, D), "bfloat16")
            s = T.alloc_fragment((bn, bm), "float32")
            s_cast = T.alloc_shared((bn, bm), "bfloat16")
            dq = T.alloc_fragment((bn, D), "float32")
            dv = T.alloc_fragment((bm, D), "float32")
            T.copy(K[bz, bx // G, by * bm:(by + 1) * bm, :], k_s)
            T.clear(dv)
            for k in T.Pipelined(T.ceildiv(S, bn), num_stages=2):
                T.copy(Q[bz, bx, k * bn:(k + 1) * bn, :], q_s)
                T.clear(s)
                T.gemm(q_s, k_s, s, transpose_B=True)
                T.copy(s, s_cast)
                T.clear(dq)
                T.gemm(s_cast, k_s, dq)
                T.atomic_add(dQ[bz, bx, k * bn:(k + 1) * bn, :], dq)
                T.gemm(s_cast, q_s, dv, transpose_A=True)
            T.atomic_add(dV[bz, bx // G, by * bm:(by + 1) * bm, :], dv)

    return kernel


# Adds under conditions of the grid and the loops: the even splits 'bs' add X's block to E, the
# odd ones to F element by element, and each row block 'by' adds to the row blocks of O at and
# below it (`i >= by`, the triangle of a causal backward pass).
@tilelang.jit(out_idx=[])
def guarded(S, M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((S, M, N), "float32"), E: T.Tensor((M, N), "float32"),
               F: T.Tensor((M, N), "float32"), O: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), S) as (bx, by, bs):
            x = T.alloc_shared((bm, bn), "float32")
            T.copy(X[bs, by * bm, bx * bn], x)
            if bs % 2 == 0:
                T.atomic_add(E[by * bm, bx * bn], x)
            else:
                for i, j in T.Parallel(bm, bn):
                    T.atomic_add(F[by * bm + i, bx * bn + j], x[i, j])
            for i in T.serial(T.ceildiv(M, bm)):
                if i >= by:
                    T.atomic_add(O[i * bm, bx * bn], x)

    return kernel


# A split whose blocks add only under a condition (split 1 skips its add): X's block is read by
# compute under the condition alone, so the other path drops it (C4) before the next block.
@tilelang.jit(out_idx=[])
def skipped_split(S, M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((S, M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), S) as (bx, by, bs):
            x = T.alloc_shared((bm, bn), "float32")
            T.copy(X[bs, by * bm, bx * bn], x)
            if bs != 1:
                T.atomic_add(C[by * bm, bx * bn], x)

    return kernel


kernel = flat_heads(2, 128, 2, 32, 2, 32)
