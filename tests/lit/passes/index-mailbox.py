# Tensor elements compute or the writer needs as scalars (issue 13 item 6): mask bounds such as
# `lens[b]` or `cu[b + 1] - cu[b]`, an element read inside a T.Parallel nest (A1 hoists it into
# a let), and the writer's row offset. D3 gives each such kernel a mailbox CB the reader fills
# with the elements' 32-byte runs (read_element_word) and pushes; compute takes the words with
# read_tile_value, the writer with l1_word. Kernels: tests/e2e/kernels/index_mask_bounds.py.
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/index_mask_bounds.py --remarks=D3 -o %t 2>&1 | FileCheck %s --check-prefix=ROW
# ROW: index_mask_bounds.py:20:13: remark: compute needs 'n' = lens[bz, 0] (elements of 'lens'): the reader reads 1 element(s) into CB 'index_mailbox' and pushes them; compute takes the words from its front pages (read_tile_value) [cb-noc-protocol.index-mailbox]
# RUN: FileCheck %s --check-prefix=ROWC --input-file %t/compute.cpp
# ROWC: constexpr uint32_t cb_index_mailbox = tt::CBIndex::c_8;  // UInt32 tiles, 2 pages of 32 B
# ROWC: cb_wait_front(cb_index_mailbox, 1);
# ROWC-NEXT: const uint32_t [[E:lens_element[_0-9]*]] = static_cast<uint32_t>(read_tile_value(cb_index_mailbox, 0, {{.*}} % 32 / 4));
# ROWC-NEXT: cb_pop_front(cb_index_mailbox, 1);
# ROWC-NEXT: const uint32_t n = [[E]];
# ROWC-NOT: lens_accessor
# RUN: FileCheck %s --check-prefix=ROWR --input-file %t/reader.cpp
# ROWR: cb_reserve_back(cb_index_mailbox, 1);
# ROWR-NEXT: const uint32_t [[A:l1_mailbox_addr[_0-9]*]] = get_write_ptr(cb_index_mailbox);
# ROWR-NEXT: read_element_word([[A]], lens_accessor, bz / 32,
# ROWR-NEXT: cb_push_back(cb_index_mailbox, 1);
# Two elements in program order (the reader's offset `start`, then the length), each pushed
# and popped in turn:
# RUN: %tltt compile %S/../../e2e/kernels/index_mask_bounds.py --entry 'varlen_columns(3, 160, 2, 64)' -o %t.cols
# RUN: FileCheck %s --check-prefix=COLS --input-file %t.cols/compute.cpp
# COLS: const uint32_t start = cu_element;
# COLS: cb_wait_front(cb_index_mailbox, 1);
# COLS: const uint32_t n = cu_element_1 - start;
# The writer's row offset and compute's bound from one element, each kernel its own mailbox:
# RUN: %tltt compile %S/../../e2e/kernels/index_mask_bounds.py --entry 'scatter_rows(3, 64)' --remarks=D3 -o %t.sc 2>&1 | FileCheck %s --check-prefix=SCATTER
# SCATTER-DAG: remark: compute needs 'off_value' = off[bz, 0] (elements of 'off'): the reader reads 1 element(s) into CB 'index_mailbox'
# SCATTER-DAG: remark: writer needs 'row' = max(off[bz, 0], 0) + bz * 40 (elements of 'off'): the reader reads 1 element(s) into CB 'index_mailbox_writer' and pushes them; writer takes the words from its front pages (l1_word)
# RUN: FileCheck %s --check-prefix=SCW --input-file %t.sc/writer.cpp
# SCW: cb_wait_front(cb_index_mailbox_writer, 1);
# SCW-NEXT: const uint32_t [[A:l1_mailbox_addr[_0-9]*]] = get_read_ptr(cb_index_mailbox_writer);
# SCW-NEXT: const uint32_t [[E:off_element[_0-9]*]] = static_cast<uint32_t>(l1_word([[A]] +
# SCW-NEXT: cb_pop_front(cb_index_mailbox_writer, 1);
# SCW-NEXT: const uint32_t row = (static_cast<int32_t>([[E]]) > 0 ? static_cast<int32_t>([[E]]) : 0) + bz * 40;
