# Kernel-local integer scalars computed from data in a loop that also does tile work (issue 13):
# `if flags[g, k] > 0: last = k` beside the loop's loads and sums. A1 evaluates the scalar part
# of the loop in every kernel (scalar_slices.cc), from the elements the reader reads and hands
# over, and the loop keeps its tile work; the flags are also staged for the loop's branch.
import tilelang
import tilelang.language as T


# Per group: the sum of the row blocks whose flag is set, stored at the block of the last set
# flag (block 0 of the group when none is).
@tilelang.jit(out_idx=[-1])
def last_flag(groups, per, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), flags: T.Tensor((groups, per), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            acc = T.alloc_fragment((bm, dim), dtype)
            last = T.alloc_var("int32")
            last = 0
            T.clear(acc)
            for k in T.serial(per):
                if flags[g, k] > 0:
                    last = k
                    T.copy(X[(g * per + k) * bm:(g * per + k + 1) * bm, :], x)
                    for i, j in T.Parallel(bm, dim):
                        acc[i, j] += x[i, j]
            T.copy(acc, Y[(g * per + last) * bm:(g * per + last + 1) * bm, :])

    return main


# The same tensor read by a branch in the loop and by an integer let after it (the store's
# block offset): both the staged element and the reader's element read (this used to stop
# with an internal error).
@tilelang.jit(out_idx=[-1])
def branch_and_let(groups, per, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), flags: T.Tensor((groups, per), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            acc = T.alloc_fragment((bm, dim), dtype)
            T.clear(acc)
            for k in T.serial(per):
                if flags[g, k] > 0:
                    T.copy(X[(g * per + k) * bm:(g * per + k + 1) * bm, :], x)
                    for i, j in T.Parallel(bm, dim):
                        acc[i, j] += x[i, j]
            at = T.max(T.min(flags[g, 0], per - 1), 0)
            T.copy(acc, Y[(g * per + at) * bm:(g * per + at + 1) * bm, :])

    return main


# A split-KV combine (the block-sparse GQA decode's second launch): `max_split`, the last split
# whose float lse is non-zero (read through a float scalar copied from the tensor), bounds the
# sums over splits; every kernel evaluates it from the lse elements.
@tilelang.jit(out_idx=[-1])
def combine(heads, batch, num_split, dim_v, accum_dtype="float32"):

    @T.prim_func
    def main(glse: T.Tensor((batch, heads, num_split), accum_dtype),
             Output_partial: T.Tensor((batch, heads, num_split, dim_v), accum_dtype),
             Output: T.Tensor((batch, heads, dim_v), accum_dtype)):
        with T.Kernel(heads, batch) as (by, bz):
            po_local = T.alloc_fragment([dim_v], accum_dtype)
            o_accum_local = T.alloc_fragment([dim_v], accum_dtype)
            lse_local_split = T.alloc_var(accum_dtype)
            lse_logsum_local = T.alloc_var(accum_dtype)
            lse_max_local = T.alloc_var(accum_dtype)
            scale_local = T.alloc_var(accum_dtype)
            max_split = T.alloc_var(T.int32)
            T.clear(lse_logsum_local)
            T.clear(o_accum_local)
            lse_max_local = -T.infinity(accum_dtype)
            for k in T.serial(num_split):
                lse_local_split = glse[bz, by, k]
                if lse_local_split != 0:
                    max_split = k
                    lse_max_local = T.max(lse_max_local, glse[bz, by, k])
            for k in T.Pipelined(num_split, num_stages=1):
                if k <= max_split:
                    lse_local_split = glse[bz, by, k]
                    lse_logsum_local += T.exp2(lse_local_split - lse_max_local)
            lse_logsum_local = T.log2(lse_logsum_local) + lse_max_local
            for k in T.serial(num_split):
                if k <= max_split:
                    for i in T.Parallel(dim_v):
                        po_local[i] = Output_partial[bz, by, k, i]
                    lse_local_split = glse[bz, by, k]
                    scale_local = T.exp2(lse_local_split - lse_logsum_local)
                    for i in T.Parallel(dim_v):
                        o_accum_local[i] += po_local[i] * scale_local
            for i in T.Parallel(dim_v):
                Output[bz, by, i] = o_accum_local[i]

    return main


kernel = last_flag(4, 3, 64)
