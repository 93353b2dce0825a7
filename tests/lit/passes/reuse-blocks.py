# B0a `reuse-blocks`: attention's query blocks of one head each stream the whole of K and V, so
# consecutive query blocks are grouped into one block of more rows that reads K and V once for
# the group. Rows are found from the dataflow (Q's copy, T.gemm's A and C, row reductions, the
# T.Parallel rows); a causal key loop runs to the group's last block only because its body masks
# the extra iterations to -inf. Kernels where the grid coordinate is used otherwise are kept.
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, False)" --stop-after=B0a --print-after=B0a --remarks=B0a 2>&1 | FileCheck %s
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, True)" --stop-after=B0a --print-after=B0a --remarks=B0a 2>&1 | FileCheck %s --check-prefix=CAUSAL
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, False)" --disable-pass reuse-blocks --stop-after=B0a --print-after=B0a 2>&1 | FileCheck %s --check-prefix=OFF
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 2, 256, 64, False)" --stop-after=B0a --remarks=B0a 2>&1 | FileCheck %s --check-prefix=FEW
# RUN: %tltt compile %s --entry "column_sums(4096, 64)" --stop-after=B0a --remarks=B0a 2>&1 | FileCheck %s --check-prefix=COLSUM
# RUN: %tltt compile %s --entry "unmasked(4096, 64)" --stop-after=B0a --remarks=B0a 2>&1 | FileCheck %s --check-prefix=UNMASKED

# CHECK: remark: 4 consecutive blocks along 'bx' form one block of 256 rows (grid 16 -> 4): the 32768 bytes a serial loop streams per iteration, the same for each of them, are read once for the 4 [reuse-blocks.grouped]
# CHECK: launch (bx < 4, by < 16, bz < 1) {
# CHECK: alloc q_tile: shared float16[256, 128]
# CHECK: alloc k_tile: shared float16[64, 128]
# CHECK: alloc s: fragment float32[256, 64]
# CHECK: alloc m: fragment float32[256, 32] {tt.vector = "col"}
# CHECK: copy Q[bz +: 1, by +: 1, bx * 4 * 64 +: 256, 0 +: 128] -> q_tile
# CHECK: copy K[bz +: 1, by +: 1, kb * 64 +: 64, 0 +: 128] -> k_tile
# CHECK: for i in parallel(0 +: 256) {
# CHECK: copy o_tile -> O[bz +: 1, by +: 1, bx * 4 * 64 +: 256, 0 +: 128]

# The key loop of a group ends at its last query block's diagonal; the mask keeps each row exact.
# A group of 4 would add 88% to the busiest core's work here (masked iterations, coarser
# balance), a group of 2 adds 6%.
# CAUSAL: remark: 2 consecutive blocks along 'bx' form one block of 128 rows (grid 16 -> 8)
# CAUSAL: let n_blocks: int32 = min(16, ceildiv((bx * 2 + 1 + 1) * 64, 64))
# CAUSAL: s[i, j] = select(bx * 2 * 64 + i >= kb * 64 + j, 0.0f, float32(-inf))

# OFF: // IR after reuse-blocks (B0a) (disabled)
# OFF: launch (bx < 16, by < 16, bz < 1) {

# Fewer blocks than twice the cores: grouping would leave cores idle.
# FEW: remark: blocks kept: 'bx': no group of 2 or more blocks keeps every core busy within L1 without adding over 10% to the busiest core's work
# Causal with two blocks per core: a group of 2 would give the busiest core 8 units of work for 5.
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(2, 16, 256, 64, True)" --stop-after=B0a --remarks=B0a 2>&1 | FileCheck %s --check-prefix=FEW
import tilelang
import tilelang.language as T


# Per-column sums of each block's rows accumulated over a key loop and added back to the rows:
# the rows are reduced (dim 0), so grouping them would mix blocks.
@tilelang.jit(out_idx=[-1])
def column_sums(S, D):

    @T.prim_func
    # COLSUM: remark: blocks kept: 'bx': a reduction over the rows [reuse-blocks.kept]
    def kernel(X: T.Tensor((S, D), "float32"), K: T.Tensor((S, D), "float32"),
               Y: T.Tensor((S, D), "float32")):
        with T.Kernel(S // 32) as bx:
            x = T.alloc_shared((32, D), "float32")
            k = T.alloc_shared((32, D), "float32")
            t = T.alloc_fragment((32, D), "float32")
            c = T.alloc_fragment((D,), "float32")
            T.copy(X[bx * 32:(bx + 1) * 32, 0:D], x)
            T.clear(c)
            for kb in T.serial(4):
                T.copy(K[kb * 32:(kb + 1) * 32, 0:D], k)
                for i, j in T.Parallel(32, D):
                    t[i, j] = x[i, j] * k[0, j]
                T.reduce_sum(t, c, dim=0, clear=False)
            for i, j in T.Parallel(32, D):
                t[i, j] = x[i, j] + c[j]
            T.copy(t, Y[bx * 32:(bx + 1) * 32, 0:D])

    return kernel


# A key loop whose trip count grows with the block but with no mask: the extra iterations of a
# group's first blocks would add to their rows.
@tilelang.jit(out_idx=[-1])
def unmasked(S, D):

    @T.prim_func
    # UNMASKED: remark: blocks kept: 'bx': a loop's trip count depends on it and its body does not start by masking the rows' scores to -inf [reuse-blocks.kept]
    def kernel(Q: T.Tensor((S, D), "float32"), K: T.Tensor((S, D), "float32"),
               O: T.Tensor((S, D), "float32")):
        with T.Kernel(S // 32) as bx:
            q = T.alloc_shared((32, D), "float32")
            k = T.alloc_shared((32, D), "float32")
            o = T.alloc_fragment((32, D), "float32")
            T.copy(Q[bx * 32:(bx + 1) * 32, 0:D], q)
            T.clear(o)
            for kb in T.serial(bx + 1):
                T.copy(K[kb * 32:(kb + 1) * 32, 0:D], k)
                for i, j in T.Parallel(32, D):
                    o[i, j] = o[i, j] + q[i, j] * k[0, j]
            T.copy(o, O[bx * 32:(bx + 1) * 32, 0:D])

    return kernel
