# T.atomic_add inside loops of the block (issue 13, atomics): blocks of different grid indices
# add to overlapping regions of a tensor from inside a loop. A1 runs the blocks that add to one
# region in order on one core ('ordered read-modify-write', docs/atomics.md): each add copies its
# region in, adds the block and copies it back, and the reader waits for the writer's previous
# write of the tensor. `tltt run` starts the destination from random values and checks it.
import tilelang
import tilelang.language as T


# Tile form: O[i-th row block, bx] += X[bs, i-th row block, bx] for every split index bs.
@tilelang.jit(out_idx=[])
def chunk_sum(S, M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((S, M, N), "float32"), O: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), S) as (bx, bs):
            x = T.alloc_shared((bm, bn), "float32")
            for i in T.serial(T.ceildiv(M, bm)):
                T.copy(X[bs, i * bm, bx * bn], x)
                T.atomic_add(O[i * bm, bx * bn], x)

    return kernel


# The dQ accumulation of a backward attention over BSHD tensors: each key block (by) adds its
# share of every query block's dQ from inside its loop over the query blocks, and sums its own
# dK in an accumulator carried across the loop.
@tilelang.jit(out_idx=[])
def dq_accumulate(batch, heads, seq, dim, bm, bn):
    shape = [batch, seq, heads, dim]

    @T.prim_func
    def kernel(Q: T.Tensor(shape, "bfloat16"), K: T.Tensor(shape, "bfloat16"),
               dQ: T.Tensor(shape, "float32"), dK: T.Tensor(shape, "float32")):
        with T.Kernel(heads, T.ceildiv(seq, bm), batch) as (bx, by, bz):
            k_s = T.alloc_shared((bm, dim), "bfloat16")
            q_s = T.alloc_shared((bn, dim), "bfloat16")
            s = T.alloc_fragment((bn, bm), "float32")
            s_cast = T.alloc_shared((bn, bm), "bfloat16")
            p = T.alloc_fragment((bm, bn), "float32")
            p_cast = T.alloc_shared((bm, bn), "bfloat16")
            dq = T.alloc_fragment((bn, dim), "float32")
            dk = T.alloc_fragment((bm, dim), "float32")
            dkk = T.alloc_fragment((bm, dim), "float32")
            T.copy(K[bz, by * bm:(by + 1) * bm, bx, :], k_s)
            T.clear(dk)
            for k in T.Pipelined(T.ceildiv(seq, bn), num_stages=2):
                T.copy(Q[bz, k * bn:(k + 1) * bn, bx, :], q_s)
                T.clear(s)
                T.gemm(q_s, k_s, s, transpose_B=True)
                T.copy(s, s_cast)
                T.clear(dq)
                T.gemm(s_cast, k_s, dq)
                T.clear(p)
                T.gemm(k_s, q_s, p, transpose_B=True)
                T.copy(p, p_cast)
                T.gemm(p_cast, q_s, dkk, clear_accum=True)
                for i, j in T.Parallel(bm, dim):
                    dk[i, j] = dk[i, j] + dkk[i, j]
                for i, j in T.Parallel(bn, dim):
                    T.atomic_add(dQ[bz, k * bn + i, bx, j], dq[i, j])
            T.copy(dk, dK[bz, by * bm:(by + 1) * bm, bx, :])

    return kernel


# One query row per step, the dQ of a selected-attention backward with one query head per key
# head: each add covers one row of a head of dQ, a block padded to a whole tile row, so the
# reader gathers that row (a shifted read) and the writer scatters it back alone (a row write);
# both take part in the token handoff.
@tilelang.jit(out_idx=[])
def dq_rows(seq, heads, dim, bs):

    @T.prim_func
    def kernel(Q: T.Tensor((seq, heads, dim), "float16"), K: T.Tensor((seq, dim), "float16"),
               dQ: T.Tensor((seq, heads, dim), "float16")):
        with T.Kernel(T.ceildiv(seq, bs), heads) as (bx, by):
            k_s = T.alloc_shared((bs, dim), "float16")
            q_s = T.alloc_shared((1, dim), "float16")
            s = T.alloc_fragment((bs, 1), "float32")
            s_cast = T.alloc_shared((bs, 1), "float16")
            dq = T.alloc_fragment((1, dim), "float32")
            T.copy(K[bx * bs:(bx + 1) * bs, :], k_s)
            for i in T.serial(seq):
                T.copy(Q[i, by:by + 1, :], q_s)
                T.clear(s)
                T.gemm(k_s, q_s, s, transpose_B=True)
                T.copy(s, s_cast)
                T.clear(dq)
                T.gemm(s_cast, k_s, dq, transpose_A=True)
                for r, j in T.Parallel(1, dim):
                    T.atomic_add(dQ[i, by + r, j], dq[r, j])

    return kernel


kernel = chunk_sum(4, 128, 64, 32, 32)
