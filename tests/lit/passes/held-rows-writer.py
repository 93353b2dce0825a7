# C4a held-rows-writer (issue 14, memory-bound rows): a row block kept whole in L1 (B0b's re-read
# rows here, A4's held blocks in LayerNorm) gets a second copy and its chunk copies move to the
# writer RISC. The reader then only reads DRAM, pushing each chunk into the held CB (256 pages
# instead of 128), the writer waits for the columns each copy takes (cumulative counts), copies
# from the CB's front and pops the whole block at the end of the block loop; in the loop that
# writes the output, each copy takes the next chunk (one ahead of the writes). A block whose
# second copy would not fit L1 keeps the reader's one-copy form (remark), and switching C4a off
# gives B0b's kernels back.
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --remarks=C4a --stop-after=C4a 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --stop-after=C4a --print-after=C4a | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' -o %t
# RUN: FileCheck %s --check-prefix=READER < %t/reader.cpp
# RUN: FileCheck %s --check-prefix=WRITER < %t/writer.cpp
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --disable-pass held-rows-writer -o %t.off
# RUN: FileCheck %s --check-prefix=OFF < %t.off/writer.cpp
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 4096, 32)' --remarks=C4a --stop-after=C4a 2>&1 | FileCheck %s --check-prefix=KEPT

# REMARK: softmax.py:14:5: remark: the writer copies the chunks of 'x_s_rows' from L1 and the reader only loads them; second copies of 'x_s_rows' (626688 bytes of CBs of the 1417216 available), so the reader loads the next row block while compute works on this one; 1 copy in loops that write the output take the next chunk, one ahead of the writes; alternative: the reader copies the chunks from one copy [held-rows-writer.writer]

# IR: alloc x_s_rows: cb bfloat16[32, 4096] {cb_index = 1, format = "Float16_b", num_pages = 256, page_size = 2048, tiles = [1, 128], tt.held_on_writer = true}
# IR: tt.read_tiles(region(X[bx * 32 +: 32, k * 128 +: 128]), region(x_s_rows[0 +: 32, k * 128 +: 128]))
# IR-NEXT: tt.read_local_tiles(region(x_s_rows), region(x_s), k * 4)
# IR: tt.read_local_tiles(region(x_s_rows), region(x_s), 0 * 4)
# IR-NEXT: for k_1 in pipelined(0 +: 32, num_stages=2) {
# IR-NEXT: if k_1 + 1 < 32 {
# IR-NEXT: tt.read_local_tiles(region(x_s_rows), region(x_s), (k_1 + 1) * 4)
# IR: tt.write_tiles(region(y_s), region(Y[bx * 32 +: 32, k_1 * 128 +: 128]))
# IR: cb_pop_front(region(x_s_rows), 128)

# READER: noc_async_read_tile(bx * 128 + (k * 4 + j), X_accessor, l1_write_addr + j * 2048);
# READER: noc_async_read_barrier();
# READER-NEXT: cb_push_back(cb_x_s_rows, 4);
# READER-NOT: noc_async_read(

# WRITER: cb_wait_front(cb_x_s_rows, k * 4 + 4);
# WRITER: noc_async_read(get_noc_addr(get_read_ptr(cb_x_s_rows) + k * 4 * 2048), l1_write_addr, 8192);
# WRITER: cb_wait_front(cb_x_s_rows, (k_1 + 1) * 4 + 4);
# WRITER: noc_async_write_tile(
# WRITER: cb_pop_front(cb_x_s_rows, 128);

# OFF-NOT: x_s_rows

# KEPT: remark: the held row blocks stay with the reader: a second copy of 'x_s', 'g_s', 'b_s' would take the CBs to 1871872 bytes, more than the 1417216 bytes of L1 available on wormhole_b0 [held-rows-writer.kept]
