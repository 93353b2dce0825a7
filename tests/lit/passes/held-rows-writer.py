# C4a held-rows-writer (issue 14, memory-bound rows): a row block kept whole in L1 (A4's held
# blocks in LayerNorm, B0b's re-read rows in online softmax) gets a second copy and its chunk
# copies move to the writer RISC when C4a's model says the overlap pays. The reader then only
# reads DRAM, pushing each chunk into the held CB (256 pages instead of 128), the writer waits for
# the columns each copy takes (cumulative counts), copies from the CB's front and pops the whole
# block at the end of the block loop; in the loop that writes the output, each copy takes the
# next chunk (one ahead of the writes). The model: LayerNorm's first pass (a cast and a sum per
# chunk) computes less than its DRAM reads take, so the next block's reads can overlap the two
# later passes; online softmax's first loop (max, exponentials, sum) already hides its reads, so
# a second copy gains nothing and the writer's copies would wait behind its output writes (1-3%
# slower measured): kept with the reader. A block whose second copy would not fit L1 keeps the
# reader's one-copy form (remark), and switching C4a off gives the one-copy kernels back.
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(4096, 4096, 32)' --remarks=C4a --stop-after=C4a 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(4096, 4096, 32)' --stop-after=C4a --print-after=C4a | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(4096, 4096, 32)' -o %t
# RUN: FileCheck %s --check-prefix=READER < %t/reader.cpp
# RUN: FileCheck %s --check-prefix=WRITER < %t/writer.cpp
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(4096, 4096, 32)' --disable-pass held-rows-writer -o %t.off
# RUN: FileCheck %s --check-prefix=OFF < %t.off/writer.cpp
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(16384, 4096)' --remarks=C4a --stop-after=C4a 2>&1 | FileCheck %s --check-prefix=MODEL
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(16384, 4096)' -o %t.sm
# RUN: FileCheck %s --check-prefix=SM-WRITER < %t.sm/writer.cpp
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 4096, 32)' --remarks=C4a --stop-after=C4a 2>&1 | FileCheck %s --check-prefix=KEPT

# REMARK: layernorm.py:10:5: remark: the writer copies the chunks of 'x_s', 'g_s', 'b_s' from L1 and the reader only loads them; second copies of 'x_s' (1282048 bytes of CBs of the 1417216 available), so the reader loads the next row block while compute works on this one; 3 copies in loops that write the output take the next chunk, one ahead of the writes; per row block the model estimates 60263 cycles of DRAM reads and {{[0-9]+}} of compute in the loading loop and {{[0-9]+}} of compute in the loops that copy from L1, of which a second copy overlaps {{[0-9]+}}; alternative: the reader copies the chunks from one copy [held-rows-writer.writer]

# IR: alloc x_s: cb bfloat16[32, 4096] {cb_index = 0, format = "Float16_b", num_pages = 256, page_size = 2048, tiles = [1, 128], tt.held_on_writer = true}
# IR: tt.read_tiles(region(X[bx * 32 +: 32, chunk * 256 +: 256]), region(x_s[0 +: 32, chunk * 256 +: 256]))
# IR-NEXT: tt.read_local_tiles(region(x_s), region(x_s_chunk), chunk * 8)
# IR: tt.read_local_tiles(region(x_s), region(x_s_chunk), 0 * 8)
# IR: for chunk_2 in serial(0 +: 16) {
# IR-NEXT: if chunk_2 + 1 < 16 {
# IR-NEXT: tt.read_local_tiles(region(x_s), region(x_s_chunk), (chunk_2 + 1) * 8)
# IR: tt.write_tiles(region(y_s), region(Y[bx * 32 +: 32, chunk_2 * 256 +: 256]))
# IR: cb_pop_front(region(x_s), 128)

# READER: noc_async_read_tile(bx * 128 + (chunk * 8 + j_2), X_accessor, l1_write_addr_2 + j_2 * 2048);
# READER: noc_async_read_barrier();
# READER-NEXT: cb_push_back(cb_x_s, 8);
# READER-NOT: noc_async_read(

# WRITER: cb_wait_front(cb_x_s, chunk * 8 + 8);
# WRITER: noc_async_read(get_noc_addr(get_read_ptr(cb_x_s) + chunk * 8 * 2048), l1_write_addr, 16384);
# WRITER: cb_wait_front(cb_x_s, (chunk_2 + 1) * 8 + 8);
# WRITER: noc_async_write_tile(
# WRITER: cb_pop_front(cb_x_s, 128);

# OFF-NOT: cb_x_s,

# MODEL: softmax.py:14:5: remark: the held row blocks stay with the reader: per row block the model estimates 60263 cycles of DRAM reads and 102298 of compute in the loading loop and 44595 of compute in the loops that copy from L1: the loading loop's compute already hides its reads, so a second copy would overlap 0 cycles (0.0% of 146893), less than 2% [held-rows-writer.kept]

# SM-WRITER-NOT: x_s_rows

# KEPT: remark: the held row blocks stay with the reader: a second copy of 'x_s', 'g_s', 'b_s' would take the CBs to 1806336 bytes, more than the 1417216 bytes of L1 available on wormhole_b0 [held-rows-writer.kept]
