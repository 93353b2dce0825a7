# A4 keeps a streamed row kernel's blocks loaded from the same tensor region for every row block
# (LayerNorm's gamma and beta) whole in L1 when chunks of at least 4 tiles still fit beside them:
# they are loaded whole at the top of the block, which B2 moves before its loop over blocks, and
# every pass copies its chunks from L1 (tt.read_local_tiles). Each core then reads gamma and
# beta once instead of once per row block (issue 14: at 16384x4096 they were half of the DRAM
# traffic). At 8192 columns they do not fit beside the held X block and stay streamed. The reader
# is checked without C4a, which moves the chunk copies to the writer (held-rows-writer.py).
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(4096, 4096, 32)' --remarks=A4,B2 --disable-pass held-rows-writer -o %t 2>&1 | FileCheck %s
# RUN: FileCheck %s --check-prefix=READER < %t/reader.cpp
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(4096, 4096, 32)' --stop-after=A4 --print-after=A4 | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(32, 8192, 32)' --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=WIDE

# CHECK: remark: 'g_s', 'b_s' loaded from the same tensor region by every row block: kept whole in L1 with one copy (about 524288 bytes), loaded whole before the passes over the row (B2 reads them once per core), the passes copy their chunks from there [stream-rows.invariant]
# CHECK: remark: row block 'x_s' {{.*}} within half of the 630784 bytes left [stream-rows.held]
# CHECK: the row is streamed in 16 chunks of 256 columns
# CHECK: remark: pass 3 of 3 over the row: writes 'Y'; reads no tensor, copies the chunks of 'X', 'beta', 'gamma' from L1, recomputes 'centered', 'xf' [stream-rows.pass]
# CHECK: remark: 'g_s' is loaded from the same region of 'gamma' by every block: each core reads it once, before its loop over blocks{{.*}} [grid-to-persistent.invariant]
# CHECK: remark: 'b_s' is loaded from the same region of 'beta' by every block{{.*}} [grid-to-persistent.invariant]

# IR: alloc g_s: shared bfloat16[32, 4096] {tt.cb_depth = 1, tt.vector = "row"}
# IR-NEXT: alloc g_s_chunk: shared bfloat16[32, 256] {tt.vector = "row"}
# IR: copy gamma -> g_s
# IR-NEXT: copy beta -> b_s
# IR: for chunk_2 in serial(0 +: 16) {
# IR-NEXT: copy x_s[0 +: 32, chunk_2 * 256 +: 256] -> x_s_chunk
# IR-NEXT: copy g_s[0 +: 32, chunk_2 * 256 +: 256] -> g_s_chunk
# IR-NEXT: copy b_s[0 +: 32, chunk_2 * 256 +: 256] -> b_s_chunk

# gamma and beta are read before the loop over blocks, never inside it.
# READER: cb_reserve_back(cb_g_s, 128);
# READER: noc_async_read_tile(j, gamma_accessor, l1_write_addr + j * 2048);
# READER: noc_async_read_tile(j_1, beta_accessor, l1_write_addr_1 + j_1 * 2048);
# READER: for (uint32_t block_id = start_id; block_id < start_id + count; ++block_id) {
# READER-NOT: gamma_accessor
# READER: noc_async_read(get_noc_addr(get_write_ptr(cb_g_s) + chunk_2 * 8 * 2048), l1_write_addr_{{[0-9]+}}, 16384);
# READER-NOT: gamma_accessor

# WIDE-NOT: stream-rows.invariant
# WIDE: remark: pass 3 of 3 over the row: writes 'Y'; reads 'beta', 'gamma', copies the chunks of 'X' from L1
