# T.atomic_add at a region whose offset is read from a tensor (issue 13, atomics): packed
# sequences at cu_seqlens offsets. The blocks of different sequences may add to overlapping rows
# (a sequence's last block reaches into the next one), so A1 runs every block whose region moves
# with a value read from a tensor in order on one core ('ordered read-modify-write',
# docs/atomics.md). Run with valid offsets: `--input cu=cumsum:40,70,50`.
import tilelang
import tilelang.language as T


# Each key block `by` of sequence `bz` adds s @ k to the rows of every query block of its
# sequence, from inside its loop over the query blocks (the dQ accumulation of a varlen backward
# attention). Rows past the sequence's end are not masked: they add to the next sequence's rows.
@tilelang.jit(out_idx=[])
def varlen_rows(batch, tokens, heads, dim, max_len, bm=32, bn=32):

    @T.prim_func
    def kernel(Q: T.Tensor((tokens, heads, dim), "bfloat16"),
               K: T.Tensor((tokens, heads, dim), "bfloat16"), cu: T.Tensor((batch + 1,), "int32"),
               dQ: T.Tensor((tokens, heads, dim), "float32")):
        with T.Kernel(heads, T.ceildiv(max_len, bm), batch) as (bx, by, bz):
            k_s = T.alloc_shared((bm, dim), "bfloat16")
            q_s = T.alloc_shared((bn, dim), "bfloat16")
            s = T.alloc_fragment((bn, bm), "float32")
            s_cast = T.alloc_shared((bn, bm), "bfloat16")
            dq = T.alloc_fragment((bn, dim), "float32")
            first = cu[bz]
            rows = cu[bz + 1] - first
            T.copy(K[first + by * bm:first + (by + 1) * bm, bx, :], k_s)
            for k in T.Pipelined(T.ceildiv(rows, bn), num_stages=2):
                T.copy(Q[first + k * bn:first + (k + 1) * bn, bx, :], q_s)
                T.clear(s)
                T.gemm(q_s, k_s, s, transpose_B=True)
                T.copy(s, s_cast)
                T.clear(dq)
                T.gemm(s_cast, k_s, dq)
                T.atomic_add(dQ[first + k * bn:first + (k + 1) * bn, bx, :], dq)

    return kernel


# The tile form at the block body: each row block `by` of sequence `bz` adds its rows of X to
# the rows of O at the same offset (its last block reaches into the next sequence), and every
# head block of the grid adds to its own columns.
@tilelang.jit(out_idx=[])
def varlen_blocks(batch, tokens, dim, max_len, bm=32, bn=32):

    @T.prim_func
    def kernel(X: T.Tensor((tokens, dim), "float32"), cu: T.Tensor((batch + 1,), "int32"),
               O: T.Tensor((tokens, dim), "float32")):
        with T.Kernel(T.ceildiv(dim, bn), T.ceildiv(max_len, bm), batch) as (bx, by, bz):
            x = T.alloc_shared((bm, bn), "float32")
            first = cu[bz]
            T.copy(X[first + by * bm, bx * bn], x)
            T.atomic_add(O[first + by * bm, bx * bn], x)

    return kernel


# The masked element form: each row block of a sequence adds only the rows before the
# sequence's end (`if k * bn + i < rows:` around the element adds in the T.Parallel nest). A1
# adds the masked block (0 outside the mask), so the next sequence's rows get nothing from it.
@tilelang.jit(out_idx=[])
def varlen_masked(batch, tokens, dim, max_len, bm=32, bn=32):

    @T.prim_func
    def kernel(X: T.Tensor((tokens, dim), "float32"), cu: T.Tensor((batch + 1,), "int32"),
               O: T.Tensor((tokens, dim), "float32")):
        with T.Kernel(T.ceildiv(dim, bn), T.ceildiv(max_len, bm), batch) as (bx, by, bz):
            x = T.alloc_fragment((bm, bn), "float32")
            first = cu[bz]
            rows = cu[bz + 1] - first
            T.copy(X[first + by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                x[i, j] = x[i, j] * 2.0
            for i, j in T.Parallel(bm, bn):
                if by * bm + i < rows:
                    T.atomic_add(O[first + by * bm + i, bx * bn + j], x[i, j])

    return kernel


# Blocks of one grid index adding to overlapping regions: column blocks `bx` step by half their
# width, so neighbours share half their columns. A1 cannot keep `bx` in the grid, so it runs in
# order on one core as well; the row blocks `by` stay spread over cores.
@tilelang.jit(out_idx=[])
def overlap_cols(M, N, bm=32, bn=64):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), O: T.Tensor((M, N + bn), "float32")):
        with T.Kernel(N // (bn // 2), M // bm) as (bx, by):
            x = T.alloc_shared((bm, bn), "float32")
            T.copy(X[by * bm, (bx // 2) * bn], x)
            T.atomic_add(O[by * bm, bx * (bn // 2)], x)

    return kernel


kernel = varlen_rows(3, 224, 2, 64, 96)
