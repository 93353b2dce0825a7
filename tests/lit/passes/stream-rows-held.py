# A4 keeps a row block that several passes over the row read whole in L1 while the rest of the
# row is streamed (issue 14, LayerNorm at 4096 columns: two fp32 row blocks do not fit even
# with one copy). The first pass loads X chunk by chunk into the whole block (C2 lowers that to
# tt.read_tiles into a region of its CB), every pass copies its chunk from there through the
# core's own L1 (tt.read_local_tiles, which D3 expands to noc_async_read of a local address), so
# X is read from DRAM once; blocks loaded from the same region for every row block (gamma, beta)
# are kept whole too, loaded whole (stream-rows-invariant.py). A recomputed
# nest stores only what its pass reads later (the last pass does not square 'centered'). Widths
# that are not whole tiles keep plain streaming.
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 4096, 32)' --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=WH
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 4096, 32)' --device p150 --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=BH
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 4096, 32)' --stop-after=A4 --print-after=A4 | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 4096, 32)' --stop-after=C2 --print-after=C2 | FileCheck %s --check-prefix=C2
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 4096, 32)' --remarks=C1,D3 -o %t 2>&1 | FileCheck %s --check-prefix=CB
# RUN: FileCheck %s --check-prefix=READER < %t/reader.cpp
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(40, 8100, 32, dtype="float32")' --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=UNEVEN
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(64, 1536, 32)' --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=FITS

# WH: layernorm.py:13:9: remark: row block 'x_s' read by several passes over the row: kept whole in L1 with one copy (about 262144 bytes), loaded chunk by chunk by the first pass, the later passes copy their chunks from there instead of reading the tensor again; the other row-wide buffers are streamed in chunks within half of the 630784 bytes left [stream-rows.held]
# WH: remark: row blocks of 4096 columns need about 4214784 bytes of circular buffers, more than the 1417216 available on wormhole_b0: the row is streamed in 16 chunks of 256 columns (about 282624 bytes, at most half the budget left beside the blocks kept whole), in 3 passes over the row [stream-rows.chunks]
# WH: remark: pass 1 of 3 over the row: T.reduce_sum into 'mean'; reads 'X' [stream-rows.pass]
# WH: remark: pass 2 of 3 over the row: T.reduce_sum into 'rstd'; reads no tensor, copies the chunks of 'X' from L1, recomputes 'xf' [stream-rows.pass]
# WH: remark: pass 3 of 3 over the row: writes 'Y'; reads no tensor, copies the chunks of 'X', 'beta', 'gamma' from L1, recomputes 'centered', 'xf' [stream-rows.pass]
# BH: remark: row block 'x_s' {{.*}} within half of the 704512 bytes left [stream-rows.held]
# BH: remark: {{.*}} more than the 1490944 available on blackhole: the row is streamed in 16 chunks of 256 columns

# IR: alloc x_s: shared bfloat16[32, 4096] {tt.cb_depth = 1}
# IR-NEXT: alloc x_s_chunk: shared bfloat16[32, 256]
# IR: for chunk in serial(0 +: 16) {
# IR-NEXT: copy X[bx * 32 +: 32, chunk * 256 +: 256] -> x_s[0 +: 32, chunk * 256 +: 256]
# IR-NEXT: copy x_s[0 +: 32, chunk * 256 +: 256] -> x_s_chunk
# IR: for chunk_1 in serial(0 +: 16) {
# IR-NEXT: copy x_s[0 +: 32, chunk_1 * 256 +: 256] -> x_s_chunk
# IR: for chunk_2 in serial(0 +: 16) {
# IR-NEXT: copy x_s[0 +: 32, chunk_2 * 256 +: 256] -> x_s_chunk
# IR-NEXT: copy g_s[0 +: 32, chunk_2 * 256 +: 256] -> g_s_chunk
# IR: centered[i_6, j_4] = xf[i_6, j_4] - mean[i_6, 0]
# IR-NEXT: }
# IR-NEXT: }

# C2: tt.read_tiles(region(X[bx * 32 +: 32, chunk * 256 +: 256]), region(x_s[0 +: 32, chunk * 256 +: 256]))
# C2-NEXT: tt.read_local_tiles(region(x_s), region(x_s_chunk), chunk * 8)
# C2: tt.read_local_tiles(region(x_s), region(x_s_chunk), chunk_1 * 8)
# C2: tt.read_local_tiles(region(x_s), region(x_s_chunk), chunk_2 * 8)
# C2-NEXT: tt.read_local_tiles(region(g_s), region(g_s_chunk), chunk_2 * 8)

# CB: remark: buffer 'x_s' becomes a CB of 128 pages of 2048 bytes (128 Float16_b tiles x depth 1): the depth stream-rows chose to keep the row block in L1 [shared-to-cb.cb-depth]
# CB: remark: buffer 'x_s_chunk' becomes a CB of 16 pages of 2048 bytes (8 Float16_b tiles x depth 2)
# CB: remark: copies 1x8 tiles of 'x_s', which the reader keeps in L1, into CB 'x_s_chunk': 1 read of 16384 bytes from the core's own L1, one barrier, cb_push_back [cb-noc-protocol.local]

# READER: for (uint32_t chunk = 0; chunk < 16; ++chunk) {
# READER-NEXT: cb_reserve_back(cb_x_s, 8);
# READER-NEXT: const uint32_t l1_write_addr_2 = get_write_ptr(cb_x_s);
# READER-NEXT: for (uint32_t j_2 = 0; j_2 < 8; ++j_2) {
# READER-NEXT: noc_async_read_tile(bx * 128 + (chunk * 8 + j_2), X_accessor, l1_write_addr_2 + (chunk * 8 + j_2) * 2048);
# READER-NEXT: }
# READER-NEXT: noc_async_read_barrier();
# READER-NEXT: cb_reserve_back(cb_x_s_chunk, 8);
# READER-NEXT: const uint32_t l1_write_addr_3 = get_write_ptr(cb_x_s_chunk);
# READER-NEXT: noc_async_read(get_noc_addr(get_write_ptr(cb_x_s) + chunk * 8 * 2048), l1_write_addr_3, 16384);
# READER-NEXT: noc_async_read_barrier();
# READER-NEXT: cb_push_back(cb_x_s_chunk, 8);
# READER-NOT: cb_push_back(cb_x_s,

# UNEVEN-NOT: stream-rows.held
# UNEVEN: remark: row blocks of 8100 columns {{.*}} the row is streamed in
# FITS-NOT: stream-rows.held
# FITS: the row block stays whole in L1 {{.*}} [stream-rows.resident]
