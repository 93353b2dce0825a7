# D4a gemm-block-schedule's sliced first K step: a GEMM in one-tile-row matmul_block sub-blocks
# with packer L1 accumulation (8x8-tile fp32 blocks, 1x4 sub-blocks) and K steps of 8 tiles gets
# A's CB laid out K-major (A's transfer reads K row by K row, tile (m, k) at page k * 8 + m) and
# D5 computes the first K step as 4 slices of 2 K tiles, each waiting only for its own pages;
# the later steps read A at kk * 8 + sb. D8 (row-by-row multicast) raises the receivers' flags
# to the slice count after every two rows and pushes 16 pages per slice; receivers push each
# slice as their flag counts it. D9 moves A to the writer as before.
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --disable-pass work-decomposition -o %t/on --remarks=D4a,D5 2> %t/remarks.txt
# RUN: FileCheck %s --check-prefix=REMARKS --input-file %t/remarks.txt
# REMARKS: remark: gemm of 8x8x8-tile steps: A's CB laid out K-major and the first K step computed as 4 slices of 2 K tiles, each as soon as its pages arrive, so a block's first products do not wait for its whole first step [gemm-block-schedule.k-slices]
# REMARKS: remark: gemm into 'acc': first K step computed as 4 slices of 2 K tiles, each as soon as its pages of A and B arrive [dst-management.gemm-k-slices]
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/on/compute.cpp
# COMPUTE: for (uint32_t ko = 0; ko < 4; ++ko) {
# COMPUTE-NEXT: if (ko == 0) {
# COMPUTE-NEXT: for (uint32_t q = 0; q < 4; ++q) {
# COMPUTE-NEXT: cb_wait_front(cb_A_tile, (q + 1) * 16);
# COMPUTE-NEXT: cb_wait_front(cb_B_tile, (q + 1) * 16);
# COMPUTE: if (q != 0) {
# COMPUTE-NEXT: cb_wait_front(cb_acc, 4);
# COMPUTE-NEXT: cb_pop_front(cb_acc, 4);
# COMPUTE-NEXT: }
# COMPUTE-NEXT: for (uint32_t kk = 0; kk < 2; ++kk) {
# COMPUTE-NEXT: matmul_block(cb_A_tile, cb_B_tile, (q * 2 + kk) * 8 + sb, (q * 2 + kk) * 8 + sbn * 4, 0, 0, 4, 1, 8);
# COMPUTE: pack_reconfig_l1_acc(q != 0);
# COMPUTE: cb_pop_front(cb_A_tile, 64);
# COMPUTE: } else {
# COMPUTE-NEXT: cb_wait_front(cb_A_tile, 64);
# COMPUTE: matmul_block(cb_A_tile, cb_B_tile, kk_1 * 8 + sb_1, kk_1 * 8 + sbn_1 * 4, 0, 0, 4, 1, 8);
# RUN: FileCheck %s --check-prefix=WRITER --input-file %t/on/writer.cpp
# WRITER: void mcast_signal_count(
# WRITER: void mcast_receive_count(
# WRITER: cb_reserve_back(cb_A_tile, 64);
# WRITER: for (uint32_t j = 0; j < 8; ++j) {
# WRITER-NEXT: for (uint32_t i = 0; i < 8; ++i) {
# WRITER-NEXT: noc_async_read_tile((by * 8 + i) * 32 + (ko * 8 + j), A_accessor, l1_write_addr + (j * 8 + i) * 2048);
# WRITER: mcast_write(l1_write_addr + j * 16384, 16384,
# WRITER-NEXT: if (j % 2 == 1) {
# WRITER-NEXT: mcast_signal_count({{.*}}, j / 2 + 1);
# WRITER-NEXT: cb_push_back(cb_A_tile, 16);
# WRITER: } else {
# WRITER-NEXT: mcast_ready(
# WRITER: noc_async_read_barrier();
# WRITER-NEXT: if (get_arg_val<uint32_t>({{[0-9]+}}) == 0) {
# WRITER-NEXT: for (uint32_t q = 0; q < 4; ++q) {
# WRITER-NEXT: mcast_receive_count({{.*}}, q + 1);
# WRITER-NEXT: cb_push_back(cb_A_tile, 16);
# WRITER-NOT: cb_push_back(cb_A_tile, 64);
# RUN: FileCheck %s --check-prefix=READER --input-file %t/on/reader.cpp
# READER: for (uint32_t i = 0; i < 8; ++i) {
# READER-NEXT: for (uint32_t j = 0; j < 8; ++j) {
# READER-NEXT: noc_async_read_tile((ko * 8 + i) * 32 + (bx * 8 + j), B_accessor, l1_write_addr + (i * 8 + j) * 2048);
# READER: if (i % 2 == 1) {
# READER-NEXT: mcast_signal_count({{.*}}, i / 2 + 1);
# READER-NEXT: cb_push_back(cb_B_tile, 16);
# READER-NOT: cb_push_back(cb_B_tile, 64);

# Without multicast (D8 off) the reader still fills A K-major and pushes each step whole;
# compute waits for each slice of it all the same.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --disable-pass work-decomposition --disable-pass operand-multicast -o %t/nomc
# RUN: FileCheck %s --check-prefix=NOMC --input-file %t/nomc/reader.cpp
# NOMC: l1_write_addr + (j * 8 + i) * 2048
# NOMC: cb_push_back(cb_A_tile, 64);
# NOMC-NOT: mcast_signal_count
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/nomc/compute.cpp

# On Blackhole the same 16 KiB rows are below D8's row-by-row threshold (two 16 KiB bursts), but
# sliced transfers go row by row all the same, each slice signalled and pushed on its own (else
# the receivers get the first step whole and the slices gain nothing); with the slices off
# (D4a disabled) the transfers stay whole.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --device p150 --disable-pass work-decomposition -o %t/bh --remarks=D8 2> %t/bh-remarks.txt
# RUN: FileCheck %s --check-prefix=BH-REMARKS --input-file %t/bh-remarks.txt
# BH-REMARKS: 2 operand(s) multicast on a 4x4 core rectangle (one block per core): DRAM reads per step 512 tiles instead of 2048; 2 transfer(s) multicast row by row
# RUN: FileCheck %s --check-prefix=BH-ROWS --input-file %t/bh/reader.cpp
# RUN: FileCheck %s --check-prefix=BH-ROWS --input-file %t/bh/writer.cpp
# BH-ROWS: mcast_write(l1_write_addr + {{[ij]}} * 16384, 16384,
# BH-ROWS-NEXT: if ({{[ij]}} % 2 == 1) {
# BH-ROWS-NEXT: mcast_signal_count({{.*}}, {{[ij]}} / 2 + 1);
# BH-ROWS: mcast_receive_count({{.*}}, q + 1);
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --device p150 --disable-pass work-decomposition --disable-pass gemm-block-schedule -o %t/bh-off
# RUN: not grep -q 'mcast_write\|mcast_signal_count' %t/bh-off/writer.cpp %t/bh-off/reader.cpp

# Sub-blocks of two tile rows (8x2-tile blocks: 2x2 sub-blocks) read A two rows at a time, so A
# keeps its [M, K] order and the first step stays whole.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 64, 256)' --disable-pass work-decomposition --remarks=D4a --stop-after=D4a 2>&1 | FileCheck %s --check-prefix=TALL
# TALL: [gemm-block-schedule.allowed]
# TALL-NOT: k-slices
# K steps of 4 tiles are not sliced.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 128)' --disable-pass work-decomposition --remarks=D4a --stop-after=D4a 2>&1 | FileCheck %s --check-prefix=SHORT
# SHORT: [gemm-block-schedule.allowed]
# SHORT-NOT: k-slices

# Switched off with the pass: A stays [M, K], no slices.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --disable-pass work-decomposition --disable-pass gemm-block-schedule -o %t/off
# RUN: not grep -q 'mcast_signal_count\|j \* 8 + i' %t/off/writer.cpp %t/off/reader.cpp
# RUN: not grep -q 'q + 1' %t/off/compute.cpp
