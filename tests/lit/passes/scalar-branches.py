# Branches on tensor elements (issue 13, block-sparse skips). A1 reads a mask row copied whole
# into a fragment and tested by `if` from the tensor instead (the copy goes), and stages the
# element the condition reads into a one-element tile before the branch; D3a gives its value to
# the reader (from the tile it has just read, after the barrier) and to compute (read_tile_value
# between the CB's wait and pop), decoded by the CB's format (a bool mask: UInt8 tiles; a uint8
# mask compared with a bound). Kernels: tests/e2e/kernels/block_sparse_skip.py.
# RUN: %tltt compile %S/../../e2e/kernels/block_sparse_skip.py --print-after infer-layout --remarks=D3a -o %t > %t.ir 2> %t.remarks
# RUN: FileCheck %s --check-prefix=A1 --input-file %t.ir
# A1: for k in pipelined(0 +: 4, num_stages=2) {
# A1-NEXT: alloc Mask_elem: shared bool[1, 32]
# A1-NEXT: copy Mask[by +: 1, k +: 1, 0 +: 1, 0 +: 32] -> Mask_elem
# A1-NEXT: if Mask_elem[0, 0] {
# RUN: FileCheck %s --check-prefix=REMARK --input-file %t.remarks
# REMARK: remark: main_reader branches on the bool element of 'Mask_elem' read from the tile it has just read into L1 [scalar-branches.value]
# REMARK: remark: main_compute branches on the bool element of 'Mask_elem' read from the CB's front tile (read_tile_value) [scalar-branches.value]
# RUN: FileCheck %s --check-prefix=READER --input-file %t/reader.cpp
# READER: uint32_t l1_word(uint32_t l1_addr)
# READER: noc_async_read_tile(by * 4 + k, Mask_accessor, l1_write_addr);
# READER-NEXT: noc_async_read_barrier();
# READER-NEXT: cb_push_back(cb_Mask_elem, 1);
# READER-NEXT: const bool Mask_elem_value = (l1_word(l1_write_addr) & 255) != 0;
# READER-NEXT: if (Mask_elem_value) {
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# COMPUTE: cb_wait_front(cb_Mask_elem, 1);
# COMPUTE-NEXT: const bool Mask_elem_value = (read_tile_value(cb_Mask_elem, 0, 0) & 255) != 0;
# COMPUTE-NEXT: cb_pop_front(cb_Mask_elem, 1);
# COMPUTE-NEXT: if (Mask_elem_value) {
# COMPUTE: matmul_tiles
# RUN: %tltt compile %S/../../e2e/kernels/block_sparse_skip.py --entry 'block_sparse_attention(1, 2, 128, 64)' -o %t.attn
# RUN: FileCheck %s --check-prefix=ATTN --input-file %t.attn/compute.cpp
# ATTN: const uint32_t Keep_elem_value = static_cast<uint32_t>(read_tile_value(cb_Keep_elem, 0, 0) & 255);
# ATTN: if (Keep_elem_value > 8 || kb == 0) {
