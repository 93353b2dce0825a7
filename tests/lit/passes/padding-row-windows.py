# B1 pads on-chip blocks of fewer rows than a tile whose tensor rows move with the block (16-row
# blocks over a longer tensor): reads take the 32 rows from the region's origin (the reader's
# face-row gather off the tile grid), the store writes only the block's own rows (C2's
# tt.write_tiles with rows, D3's row_scatter), so blocks sharing a tile keep each other's rows.
# Windows of tensors of rank 3 are not gathered yet (a located error at the copy).
# RUN: rm -rf %t && %tltt compile %s --entry 'rows(80, 16)' -o %t --remarks=B1,D3 2>&1 | FileCheck %s --check-prefix=ROWS
# RUN: FileCheck %s --check-prefix=READER < %t/reader.cpp
# RUN: FileCheck %s --check-prefix=WRITER < %t/writer.cpp
# RUN: %tltt compile %s --entry 'heads(40, 16)' -o %t.heads 2>&1 | FileCheck %s --allow-empty --check-prefix=RANK3
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rows(M, block_M):

    @T.prim_func
    def k(X: T.Tensor((M, 64), "bfloat16"), O: T.Tensor((M, 64), "float32")):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            # ROWS-DAG: padding-row-windows.py:[[@LINE+1]]:17: remark: block 'x' of 16x64 elements is padded to whole tiles, 32x64 [work-partition.padding]
            x = T.alloc_shared((block_M, 64), "bfloat16")
            # ROWS-DAG: padding-row-windows.py:[[@LINE+1]]:17: remark: block 'o' of 16x64 elements is padded to whole tiles, 32x64 [work-partition.padding]
            o = T.alloc_fragment((block_M, 64), "float32")
            # ROWS-DAG: padding-row-windows.py:[[@LINE+1]]:13: remark: gathers the 32x64 window of 'X' at [bx * 16, 0]
            T.copy(X[bx * block_M:(bx + 1) * block_M, :], x)
            T.fill(o, 0.5)
            for i, j in T.Parallel(block_M, 64):
                o[i, j] = o[i, j] + x[i, j]
            # ROWS-DAG: padding-row-windows.py:[[@LINE+2]]:23: remark: the region of 'O' written from 'o' is a window of 16 rows: only those are stored (the other rows of its tiles are not the block's) [work-partition.padding]
            # ROWS-DAG: padding-row-windows.py:[[@LINE+1]]:13: remark: writes the first 16 rows of CB 'o_out' to 'O' at [bx * 16, 0]: one noc_async_write of 64 bytes per face row, the other rows of the tensor's tiles left as they are, one barrier, cb_pop_front [cb-noc-protocol.row-write]
            T.copy(o, O[bx * block_M:(bx + 1) * block_M, :])

    return k


# The window: 32 rows from the block's origin; the store: 16 rows of 64 float32 columns into the
# tensor's 3x2 tiles (page0 0, no leading dimensions).
# READER: shift_gather(l1_write_addr, X_accessor, bx * 16, 0, 32, 64, 3, 2, 2, 0);
# WRITER: void row_scatter(
# WRITER: row_scatter(l1_read_addr, O_accessor, 0, bx * 16, 0, 16, 64, 3, 2, 4);


@tilelang.jit(out_idx=[-1])
def heads(H, block_H):

    @T.prim_func
    def k(Q: T.Tensor((2, H, 64), "bfloat16"), O: T.Tensor((2, H, 64), "bfloat16")):
        with T.Kernel(2, T.ceildiv(H, block_H)) as (bb, hb):
            q = T.alloc_shared((block_H, 64), "bfloat16")
            h0 = hb * block_H
            # RANK3-NOT: error:
            T.copy(Q[bb, h0:h0 + block_H, :], q)
            T.copy(q, O[bb, h0:h0 + block_H, :])

    return k
