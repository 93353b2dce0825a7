# Reducers (issue 13): T.alloc_reducer accumulators updated inside a T.Parallel nest over a block
# (`o[i] += a[i, j]`, `o[j] = T.max(o[j], ...)`, T.reducer_update) across a serial loop over
# blocks, then T.finalize_reducer. A1 lowers each accumulating nest to a T.reduce_* along the
# loop variable the accumulator's index does not use, with clear=False (remark
# infer-layout.reducer).
import tilelang
import tilelang.language as T


# Row sums of A, 64 rows per block, over 64-column chunks.
@tilelang.jit(out_idx=[-1])
def row_sum(M, N, bm, bn):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, bm)) as bx:
            o = T.alloc_reducer((bm,), "float32", op="sum", replication="all")
            a = T.alloc_shared((bm, bn), "bfloat16")
            T.clear(o)
            for k in T.serial(T.ceildiv(N, bn)):
                T.copy(A[bx * bm, k * bn], a)
                for i, j in T.Parallel(bm, bn):
                    o[i] += a[i, j]
            T.finalize_reducer(o)
            T.copy(o, B[bx * bm])

    return kernel


# Column maxima of A * A, 64 columns per block, over 64-row chunks.
@tilelang.jit(out_idx=[-1])
def col_max_sq(M, N, bm, bn):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((N,), "float32")):
        with T.Kernel(T.ceildiv(N, bn)) as bx:
            o = T.alloc_reducer((bn,), "float32", op="max", replication="all")
            a = T.alloc_shared((bm, bn), "bfloat16")
            T.fill(o, -T.infinity("float32"))
            for k in T.serial(T.ceildiv(M, bm)):
                T.copy(A[k * bm, bx * bn], a)
                for i, j in T.Parallel(bm, bn):
                    o[j] = T.max(o[j], a[i, j] * a[i, j])
            T.finalize_reducer(o)
            T.copy(o, B[bx * bn])

    return kernel


# Row minima with the first-class reducer calls: T.reducer_init (the identity of the op),
# T.reducer_update and T.finalize_reducer into a destination fragment.
@tilelang.jit(out_idx=[-1])
def row_min_v2(M, N, bm, bn):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, bm)) as bx:
            acc = T.alloc_reducer((bm,), "float32", op="min")
            out = T.alloc_fragment((bm,), "float32")
            a = T.alloc_shared((bm, bn), "bfloat16")
            T.reducer_init(acc)
            for k in T.serial(T.ceildiv(N, bn)):
                T.copy(A[bx * bm, k * bn], a)
                for i, j in T.Parallel(bm, bn):
                    T.reducer_update(acc[i], a[i, j])
            T.finalize_reducer(acc, out)
            T.copy(out, B[bx * bm])

    return kernel


kernel = row_sum(128, 256, 64, 64)
