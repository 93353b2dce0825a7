# A1's vector-run stores under a bound on the row: `if i < valid:` copies the vector's first
# `valid` elements (one element: the copy names its run dimension, tt.run_dim), a run-time bound
# `if base + i < n:` copies `min(n - base, L)` of them, a guard no row passes drops the store;
# C2 writes those rows only (row-write); a one-element vector copied by the kernel (`T.copy(m,
# M[t, h:h + 1])`) is a run along the last dimension. A block stored transposed beside an
# ordinary store is split off with its loops swapped and reads the block's transposed twin; a
# copy window whose origin and end are named before it is read through the names.
# RUN: %tltt compile %s --entry 'rows(64, "prefix")' --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=PREFIX
# RUN: %tltt compile %s --entry 'rows(64, "prefix")' --remarks=C2,D3 -o %t 2>&1 | FileCheck %s --check-prefix=PREFIXW
# RUN: %tltt compile %s --entry 'rows(64, "one")' --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=ONE
# RUN: %tltt compile %s --entry 'rows(64, "none")' --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=NONE
# RUN: %tltt compile %s --entry 'rows(64, "runtime")' --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=RUNTIME
# RUN: %tltt compile %s --entry 'rows(64, "copy_one")' --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=COPYONE
# RUN: %tltt compile %s --entry 'both(64)' --remarks=A1 --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=BOTH
# RUN: not %tltt compile %s --entry 'rows(64, "suffix")' -o %t2 2>&1 | FileCheck %s --check-prefix=SUFFIX
import tilelang
import tilelang.language as T


@tilelang.jit
def rows(heads, form):

    @T.prim_func
    def main(X: T.Tensor((2, heads + 32, 64), "float32"), n: T.Tensor((2,), "int32"),
             L: T.Tensor((2, heads, 2), "float32")):
        with T.Kernel(2, heads // 8, 2) as (b, g, s):
            x = T.alloc_fragment((32, 64), "float32")
            r = T.alloc_fragment((32,), "float32")
            T.copy(X[b, g * 8:g * 8 + 32, :], x)
            T.reduce_sum(x, r, dim=1)
            for i in T.Parallel(32):
                if form == "prefix":
                    if i < 8:
                        L[b, g * 8 + i, s] = r[i]
                elif form == "one":
                    if i < 1:
                        L[b, g * 8 + i, s] = r[i]
                elif form == "none":
                    if i + 40 < 32:
                        L[b, g * 8 + i, s] = r[i]
                elif form == "runtime":
                    if g * 8 + i < n[b]:
                        L[b, g * 8 + i, s] = r[i]
                elif form == "suffix":
                    if i >= 24:
                        L[b, g * 8 + i, s] = r[i]
            if form == "copy_one":
                T.copy(r[0:1], L[b, g * 8:g * 8 + 1, s])

    return main


@tilelang.jit
def both(seq):

    @T.prim_func
    def main(A: T.Tensor((2 * seq, 32), "float32"), P: T.Tensor((seq, 32), "float32"),
             N: T.Tensor((seq, 32), "float32")):
        with T.Kernel(seq // 32) as c:
            a = T.alloc_fragment((32, 32), "float32")
            p = T.alloc_fragment((32, 32), "float32")
            T.clear(p)
            for k in T.serial(2):
                start = k * seq + c * 32
                end = k * seq + (c + 1) * 32
                T.copy(A[start:end, :], a)
                for i, j in T.Parallel(32, 32):
                    p[i, j] += a[i, j]
            for i, j in T.Parallel(32, 32):
                P[c * 32 + i, j] = p[i, j]
                N[c * 32 + j, i] = p[i, j]

    return main


# PREFIX: tensor L: float32[2, 64, 2] DRAM interleaved, col vector [2, 2, 64, 32], dims [0, 2, 1]
# PREFIX: copy r[0 +: 8, 0 +: 32] -> L[b +: 1, s +: 1, g * 8 +: 8, 0 +: 32]
# PREFIXW: remark: writes the first 8 rows of CB 'r_out' to 'L' at [g * 8, 0]: one noc_async_write of 64 bytes per face row, the other rows of the tensor's tiles left as they are, one barrier, cb_pop_front [cb-noc-protocol.row-write]
# ONE: col vector [2, 2, 64, 32], dims [0, 2, 1]
# ONE: copy r[0 +: 1, 0 +: 32] -> L[b +: 1, s +: 1, g * 8 +: 1, 0 +: 32] {tt.run_dim = 1}
# NONE: tensor L: float32[2, 64, 2] DRAM interleaved, unused
# NONE: reduce_sum x -> r
# NONE-NOT: L[
# RUNTIME: copy r[0 +: min([[N:.*]] - g * 8, 32), 0 +: 32] -> L[b +: 1, s +: 1, g * 8 +: min([[N]] - g * 8, 32), 0 +: 32]
# COPYONE: tensor L: float32[2, 64, 2] DRAM interleaved, col vector [2, 64, 32, 32]
# COPYONE: copy r[0 +: 1, 0 +: 32] -> L[b +: 1, g * 8 +: 1, s +: 1, 0 +: 32]
# BOTH: remark: block 'p' is read transposed in this nest (`p[j, i]`): the nest reads 'p_t', a transposed copy of it made before the nest (transpose_wh_tile, tile by tile) [infer-layout.block-twin]
# BOTH: copy A[k * 64 + c * 32 +: 32, 0 +: 32] -> a
# BOTH: P[c * 32 + i_1, j_1] = p[i_1, j_1]
# BOTH: copy p -> p_t {transpose = true}
# BOTH-NEXT: for j_2 in parallel(0 +: 32) {
# BOTH-NEXT: for i_2 in parallel(0 +: 32) {
# BOTH-NEXT: N[c * 32 + j_2, i_2] = p_t[j_2, i_2]
# SUFFIX: error: a store to tensor 'L' at [b, g * 8 + i, s] in a T.Parallel nest
