# Windows of rank-3/4 tensors at offsets read from int32 index tensors (issue 13 item 6). C2
# marks the load shifted; D3 gathers it from the tiles of the outer index (a page offset operand
# of shift_gather) after reading the offset's element in the reader, through the reserved
# pages of the CB it fills next (read_element_word). Kernels: tests/e2e/kernels/varlen_windows.py.
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/varlen_windows.py --remarks=D3 -o %t 2>&1 | FileCheck %s --check-prefix=D3
# D3: varlen_windows.py:25:13: remark: gathers the 32x64 window of 'X' at [start + bx * 32, 0] of the tiles at page by * 10 (off the tile grid) into CB 'x'
# D3: varlen_windows.py:24:13: remark: the reader reads element cu[bz, 0] of 'cu' (page bz // 32, byte (bz % 32 // 16 * 2 * 256 + bz % 16 * 16) * 4) through the reserved pages of CB 'x' before it fills them: one noc_async_read of 32 bytes and a barrier [cb-noc-protocol.index-element]
# RUN: FileCheck %s --check-prefix=READER --input-file %t/reader.cpp
# READER: uint32_t read_element_word(uint32_t l1_addr, const Accessor& t, uint32_t page, uint32_t byte) {
# READER: cb_reserve_back(cb_x, 2);
# READER-NEXT: const uint32_t [[ADDR:l1_index_addr[_0-9]*]] = get_write_ptr(cb_x);
# READER-NEXT: const uint32_t [[E:cu_element[_0-9]*]] = static_cast<uint32_t>(read_element_word([[ADDR]], cu_accessor, bz / 32,
# READER-NEXT: const uint32_t [[S:start[_0-9]*]] = [[E]];
# READER-NEXT: cb_reserve_back(cb_x, 2);
# READER: shift_gather({{.*}}, X_accessor, [[S]] + bx * 32, 0, 32, 64, 5, 2, 2, by * 10);
# Two elements of a [batch, nsel] index tensor in a 4-D cache's windows; a signed maximum
# (negative indices clamp to 0) reads the element as int32_t:
# RUN: %tltt compile %S/../../e2e/kernels/varlen_windows.py --entry 'indexed_blocks(2, 96, 2, 64, 3)' -o %t.blocks
# RUN: FileCheck %s --check-prefix=BLOCKS --input-file %t.blocks/reader.cpp
# BLOCKS: const uint32_t [[I:Idx_element[_0-9]*]] = static_cast<uint32_t>(read_element_word(
# BLOCKS-NEXT: const uint32_t s = (static_cast<int32_t>([[I]]) > 0 ? static_cast<int32_t>([[I]]) : 0) * 3 + 5;
# BLOCKS: shift_gather({{.*}}, KV_accessor, s, 0, 32, 64, 3, 2, 4, (bz * 2 + by) * 6);
# Comparisons of int32 values in compute are signed (a negative kernel scalar bound):
# RUN: %tltt compile %S/../../e2e/kernels/runtime_masks.py -o %t.masks
# RUN: FileCheck %s --check-prefix=SIGNED --input-file %t.masks/compute.cpp
# SIGNED: if (static_cast<int32_t>(n_valid) >= static_cast<int32_t>(k * 64 + {{.*}} + 32)) {
# SIGNED: fill_tile({{[0-9]+}}, static_cast<float>(static_cast<int32_t>(n_valid - (k * 64
# Located errors: compute needs a value read from a 1-byte index tensor (a mask bound; 4-byte
# ones are handed over, index-mailbox.py), and a reader element of a 1-byte dtype.
# RUN: not %tltt compile %s -o %t.err 2>&1 | FileCheck %s --check-prefix=COMPUTE
# RUN: not %tltt compile %s --entry 'spans(96, 2, 64)' -o %t.err 2>&1 | FileCheck %s --check-prefix=NARROW
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def masked(batch, rows, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((batch * rows, dim), dtype), cu: T.Tensor((batch + 1,), "uint8"),
             Y: T.Tensor((batch * rows, dim), dtype)):
        with T.Kernel(rows // bm, batch) as (bx, bz):
            x = T.alloc_fragment((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), dtype)
            # COMPUTE: index-windows.py:[[@LINE+1]]:13: error: the compute kernel reads 'cu[bz + 1, 0] - cu[bz, 0]' (elements of 'cu') as a scalar: elements the reader hands over are 4-byte (int32, uint32, float32), not uint8
            length = cu[bz + 1] - cu[bz]
            T.copy(X[bz * rows + bx * bm, 0], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = T.if_then_else(bx * bm + i < length, x[i, j] * 2.0, -1.0)
            T.copy(y, Y[bz * rows + bx * bm, 0])

    return main


@tilelang.jit(out_idx=[-1])
def spans(tokens, heads, dim, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((tokens, heads, dim), dtype), cu: T.Tensor((2,), "uint8"),
             Y: T.Tensor((32, heads, dim), dtype)):
        with T.Kernel(heads) as by:
            x = T.alloc_shared((32, dim), dtype)
            # NARROW: index-windows.py:[[@LINE+1]]:13: error: the reader kernel reads 'cu[0, 0]' (elements of 'cu') as a scalar: elements read as scalars are 4-byte (int32, uint32, float32), not uint8
            start = cu[0]
            T.copy(X[start:start + 32, by, :], x)
            T.copy(x, Y[0:32, by, :])

    return main


kernel = masked(3, 64, 64)
