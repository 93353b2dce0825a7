# B0b reread-rows, tile reuse outside GEMMs: a tensor row block that several sequential loops read chunk by
# chunk is kept whole in L1 and read from DRAM once (issue 14, online softmax: the user's second
# loop re-read X, 384 MiB moved instead of 256 at 16384x4096). The first loop loads each chunk
# into the new block 'x_s_rows' and copies it to 'x_s' from there (lowered by C2 to tt.read_tiles into a
# region of its CB, then tt.read_local_tiles), the second only copies from L1. A row block that
# would not fit half of L1 beside the other buffers is left to DRAM (a remark), and switching
# B0b off gives the re-reading kernel back.
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --remarks=B0b --stop-after=B0b 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --stop-after=B0b --print-after=B0b | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --stop-after=C2 --print-after=C2 | FileCheck %s --check-prefix=C2
# The reader is checked without C4a, which moves the chunk copies to the writer (held-rows-writer.py).
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --disable-pass held-rows-writer -o %t
# RUN: FileCheck %s --check-prefix=READER < %t/reader.cpp
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 4096)' --disable-pass reread-rows --stop-after=B0b --print-after=B0b | FileCheck %s --check-prefix=OFF
# RUN: %tltt compile %examples/softmax.py --entry 'online_softmax(64, 32768)' --remarks=B0b --stop-after=B0b 2>&1 | FileCheck %s --check-prefix=BIG

# REMARK: softmax.py:15:9: remark: the row block of 'X' (4096 columns) is read chunk by chunk by 2 sequential loops: kept whole in L1 as 'x_s_rows' (262144 bytes, one copy), loaded by the first loop, the others copy their chunks from L1 instead of reading 'X' again [reread-rows.rows]

# IR: alloc x_s_rows: shared bfloat16[32, 4096] {tt.cb_depth = 1}
# IR: for k in pipelined(0 +: 32, num_stages=2) {
# IR-NEXT: copy X[bx * 32 +: 32, k * 128 +: 128] -> x_s_rows[0 +: 32, k * 128 +: 128]
# IR-NEXT: copy x_s_rows[0 +: 32, k * 128 +: 128] -> x_s
# IR-NEXT: copy x_s -> x
# IR: for k_1 in pipelined(0 +: 32, num_stages=2) {
# IR-NEXT: copy x_s_rows[0 +: 32, k_1 * 128 +: 128] -> x_s
# IR-NOT: copy X

# C2: tt.read_tiles(region(X[{{.*}}k * 128 +: 128]), region(x_s_rows[0 +: 32, k * 128 +: 128]))
# C2-NEXT: tt.read_local_tiles(region(x_s_rows), region(x_s), k * 4)
# C2: tt.read_local_tiles(region(x_s_rows), region(x_s), k_1 * 4)

# READER: noc_async_read_tile({{.*}}X_accessor
# READER: noc_async_read(get_noc_addr(get_write_ptr(cb_x_s_rows)
# READER-NOT: X_accessor

# OFF-NOT: x_s_rows
# OFF: copy X[bx * 32 +: 32, k_1 * 128 +: 128] -> x_s

# BIG: remark: the row block of 'X' that 2 loops read chunk by chunk would need 2097152 bytes of L1 beside about {{[0-9]+}} for the other buffers, more than half the {{[0-9]+}} bytes available on wormhole_b0: each loop reads it from DRAM [reread-rows.rows-not-kept]
# BIG-NOT: x_s_rows
