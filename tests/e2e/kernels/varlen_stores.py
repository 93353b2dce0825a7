# Packed variable-length sequences (issue 13): blocks read at offsets from a cu_seqlens-style
# index tensor and written back row by row at the same offsets, only the rows of the sequence
# (`if bx * bm + i < n: Y[start + bx * bm + i, h, d] = o[i, d]`). The e2e tests feed valid
# offsets with `tltt run --input cu=cumsum:L0,L1,...` (random integers are not offsets).
import tilelang
import tilelang.language as T


# y = 2x + 1 over the tokens of each sequence, in blocks of bm rows; rows past the sequence's
# end belong to the next sequence and are left alone.
@tilelang.jit
def scaled_tokens(batch, tokens, heads, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((tokens, heads, dim), dtype), cu: T.Tensor((batch + 1,), "int32"),
             max_len: T.int32, Y: T.Tensor((tokens, heads, dim), dtype)):
        with T.Kernel(T.ceildiv(max_len, bm), heads, batch) as (bx, by, bz):
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), "float32")
            o = T.alloc_shared((bm, dim), dtype)
            start = cu[bz]
            n = cu[bz + 1] - start
            T.copy(X[start + bx * bm:start + (bx + 1) * bm, by, :], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = x[i, j] * 2.0 + 1.0
            T.copy(y, o)
            for i, d in T.Parallel(bm, dim):
                if bx * bm + i < n:
                    Y[start + bx * bm + i, by, d] = o[i, d]

    return main


# Attention over each sequence alone (non-causal): the key loop runs over the sequence's own
# blocks (a count read from the index tensor), keys past its end are masked, and the output
# rows of the sequence are stored element by element at its offset.
@tilelang.jit
def packed_attention(batch, tokens, heads, dim, bm=32, bn=32, dtype="bfloat16"):
    scale = 1.44269504 / dim**0.5

    @T.prim_func
    def main(Q: T.Tensor((tokens, heads, dim), dtype), K: T.Tensor((tokens, heads, dim), dtype),
             V: T.Tensor((tokens, heads, dim), dtype), cu: T.Tensor((batch + 1,), "int32"),
             max_len: T.int32, O: T.Tensor((tokens, heads, dim), dtype)):
        with T.Kernel(T.ceildiv(max_len, bm), heads, batch) as (bx, by, bz):
            q = T.alloc_shared((bm, dim), dtype)
            k = T.alloc_shared((bn, dim), dtype)
            v = T.alloc_shared((bn, dim), dtype)
            s = T.alloc_fragment((bm, bn), "float32")
            p = T.alloc_fragment((bm, bn), dtype)
            acc = T.alloc_fragment((bm, dim), "float32")
            o = T.alloc_shared((bm, dim), dtype)
            m = T.alloc_fragment((bm,), "float32")
            m_old = T.alloc_fragment((bm,), "float32")
            corr = T.alloc_fragment((bm,), "float32")
            row_sum = T.alloc_fragment((bm,), "float32")
            total = T.alloc_fragment((bm,), "float32")
            start = cu[bz]
            n = cu[bz + 1] - start
            T.copy(Q[start + bx * bm:start + (bx + 1) * bm, by, :], q)
            T.fill(acc, 0)
            T.fill(total, 0)
            T.fill(m, -1e30)
            for kb in T.Pipelined(T.ceildiv(n, bn), num_stages=1):
                T.copy(K[start + kb * bn:start + (kb + 1) * bn, by, :], k)
                for i, j in T.Parallel(bm, bn):
                    s[i, j] = T.if_then_else(kb * bn + j < n, 0, -1e30)
                T.gemm(q, k, s, transpose_B=True)
                T.copy(m, m_old)
                T.reduce_max(s, m, dim=1, clear=False)
                for i in T.Parallel(bm):
                    corr[i] = T.exp2((m_old[i] - m[i]) * scale)
                for i, j in T.Parallel(bm, bn):
                    s[i, j] = T.exp2((s[i, j] - m[i]) * scale)
                T.reduce_sum(s, row_sum, dim=1)
                for i in T.Parallel(bm):
                    total[i] = total[i] * corr[i] + row_sum[i]
                T.copy(s, p)
                for i, j in T.Parallel(bm, dim):
                    acc[i, j] *= corr[i]
                T.copy(V[start + kb * bn:start + (kb + 1) * bn, by, :], v)
                T.gemm(p, v, acc)
            for i, j in T.Parallel(bm, dim):
                acc[i, j] /= total[i]
            T.copy(acc, o)
            for i, d in T.Parallel(bm, dim):
                if bx * bm + i < n:
                    O[start + bx * bm + i, by, d] = o[i, d]

    return main


# Whole blocks of each sequence only (`if bx < tiles`, tiles read from the offsets), each the sum
# of its sequence's blocks from itself to the last (a loop count from the offsets), stored whole
# at the run-time row offset. Rows of blocks past a sequence's whole blocks are not written.
@tilelang.jit
def suffix_sums(batch, tokens, heads, dim, bm=32, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((tokens, heads, dim), dtype), cu: T.Tensor((batch + 1,), "int32"),
             max_len: T.int32, Y: T.Tensor((tokens, heads, dim), dtype)):
        with T.Kernel(T.ceildiv(max_len, bm), heads, batch) as (bx, by, bz):
            x = T.alloc_shared((bm, dim), dtype)
            acc = T.alloc_fragment((bm, dim), "float32")
            o = T.alloc_shared((bm, dim), dtype)
            start = cu[bz]
            tiles = (cu[bz + 1] - start) // bm
            if bx < tiles:
                T.clear(acc)
                for kb in T.Pipelined(tiles - bx, num_stages=2):
                    T.copy(X[start + (bx + kb) * bm:start + (bx + kb + 1) * bm, by, :], x)
                    for i, j in T.Parallel(bm, dim):
                        acc[i, j] += x[i, j]
                T.copy(acc, o)
                T.copy(o, Y[start + bx * bm:start + (bx + 1) * bm, by, :])

    return main


# The default instantiation runs on the runner's random integers too (a negative count skips
# every block); the others need valid offsets (--input cu=cumsum:...).
kernel = suffix_sums(3, 192, 2, 64)
