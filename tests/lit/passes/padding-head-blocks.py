# B1 pads on-chip blocks smaller than a tile whose tensor region starts on a tile boundary and
# reaches past the tensor's end (16 heads of a 5-head tensor, the upstream MLA form): the region
# grows to whole tiles at its constant origin and the tensor's device padding follows its reach.
# Row windows that move with the block, lie inside the tensor or reach past its end from inside
# a tile are padded too: reads take the 32 rows from the origin, the store writes only the
# block's rows (padding-row-windows.py); reads of windows of a rank-3 tensor are not gathered
# yet (a located error at the copy).
# RUN: rm -rf %t && %tltt compile %s --entry 'heads(5, 16)' -o %t --remarks=B1 --print-after=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=HEADS
# RUN: %tltt compile %s --entry 'heads(40, 16)' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=MOVES
# RUN: rm -rf %t && %tltt compile %s --entry 'offset(20)' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=OFFSET
# RUN: FileCheck %s --check-prefix=WINDOW < %t/reader.cpp
# RUN: rm -rf %t && %tltt compile %s --entry 'offset(40)' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=INSIDE
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def heads(H, block_H):

    @T.prim_func
    # HEADS-DAG: remark: tensor 'Q' of 2x5x64 elements is padded to 2x32x64 on the device
    # HEADS-DAG: remark: tensor 'O' of 2x5x64 elements is padded to 2x32x64 on the device
    def k(Q: T.Tensor((2, H, 64), "bfloat16"), W: T.Tensor((64, 64), "bfloat16"),
          O: T.Tensor((2, H, 64), "float32")):
        with T.Kernel(2, T.ceildiv(H, block_H)) as (bb, hb):
            # HEADS-DAG: padding-head-blocks.py:[[@LINE+1]]:17: remark: block 'q' of 16x64 elements is padded to whole tiles, 32x64 [work-partition.padding]
            q = T.alloc_shared((block_H, 64), "bfloat16")
            w = T.alloc_shared((64, 64), "bfloat16")
            # HEADS-DAG: padding-head-blocks.py:[[@LINE+1]]:17: remark: block 'o' of 16x64 elements is padded to whole tiles, 32x64 [work-partition.padding]
            o = T.alloc_fragment((block_H, 64), "float32")
            h0 = hb * block_H
            h1 = h0 + block_H
            # (rank-3 windows at a moving row origin are gathered: D3, index_reads.h)
            T.copy(Q[bb, h0:h1, :], q)
            T.copy(W, w)
            T.fill(o, 0)
            T.gemm(q, w, o)
            for i, j in T.Parallel(block_H, 64):
                o[i, j] = o[i, j] * 2.0
            # MOVES-DAG: padding-head-blocks.py:[[@LINE+1]]:23: remark: the region of 'O' written from 'o' is a window of 16 rows: only those are stored (the other rows of its tiles are not the block's) [work-partition.padding]
            T.copy(o, O[bb, h0:h1, :])

    return k


# HEADS: alloc q: shared bfloat16[32, 64]
# HEADS: alloc o: fragment float32[32, 64]
# HEADS: copy Q[bb +: 1, 0 +: 32, 0 +: 64] -> q
# HEADS: for i in parallel(0 +: 32) {
# HEADS: copy o -> O[bb +: 1, 0 +: 32, 0 +: 64]


# Heads 16..23 of the tensor: past its end (20) from inside a tile; or inside it (40), where the
# other rows of the tile are other heads': the block is padded, the reader gathers rows 16..47
# (zeros past the device tensor), the writer stores only rows 16..23 (past 20: the device
# padding, dropped by the host). Both run (PASS) with `tltt run --entry 'offset(20)'`.
@tilelang.jit(out_idx=[-1])
def offset(H):

    @T.prim_func
    def k(Q: T.Tensor((H, 64), "float32"), O: T.Tensor((H, 64), "float32")):
        with T.Kernel(1) as bx:
            # OFFSET: padding-head-blocks.py:[[@LINE+2]]:17: remark: block 'q' of 8x64 elements is padded to whole tiles, 32x64 [work-partition.padding]
            # INSIDE: padding-head-blocks.py:[[@LINE+1]]:17: remark: block 'q' of 8x64 elements is padded to whole tiles, 32x64 [work-partition.padding]
            q = T.alloc_fragment((8, 64), "float32")
            h0 = bx * 8 + 16
            h1 = h0 + 8
            T.copy(Q[h0:h1, :], q)
            for i, j in T.Parallel(8, 64):
                q[i, j] = q[i, j] + 1.0
            # OFFSET: padding-head-blocks.py:[[@LINE+2]]:23: remark: the region of 'O' written from 'q' is a window of 8 rows: only those are stored (the other rows of its tiles are not the block's) [work-partition.padding]
            # INSIDE: padding-head-blocks.py:[[@LINE+1]]:23: remark: the region of 'O' written from 'q' is a window of 8 rows: only those are stored (the other rows of its tiles are not the block's) [work-partition.padding]
            T.copy(q, O[h0:h1, :])

    return k


# WINDOW: shift_gather(l1_write_addr, Q_accessor, h0, 0, 32, 64, 2, 2, 4, 0);
