# D8 operand-multicast (an optimization pass): on a 4x4 block grid with one block per core, A
# (tile ids from the block's row) is read by column 0 and multicast along each core row, B (tile
# ids from the block's column) by row 0 and multicast down each column; the plan lists them and
# the host creates their semaphores and gives every core its role (D9, which moves B to the
# writer, is off here: tests/lit/passes/operand-movers.py). Disabled by name or by -O0.
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/gemm.py -o %t/on --remarks=D8 --disable-pass operand-movers 2> %t/remarks.txt
# RUN: FileCheck %s --check-prefix=REMARKS --input-file %t/remarks.txt
# REMARKS: remark: 'A' (CB A_tile, 2 tiles per transfer) is the same on every core of a row: the core in column 0 reads it and multicasts it to the other 3
# REMARKS: remark: 'B' (CB B_tile, 2 tiles per transfer) is the same on every core of a column: the core in row 0 reads it and multicasts it to the other 3
# REMARKS: remark: 2 operand(s) multicast on a 4x4 core rectangle (one block per core): DRAM reads per step 16 tiles instead of 64
# RUN: FileCheck %s --check-prefix=READER --input-file %t/on/reader.cpp
# READER: void mcast_send(
# READER: cb_reserve_back(cb_A_tile, 2);
# READER-NEXT: get_write_ptr(cb_A_tile);
# READER-NEXT: if (get_arg_val<uint32_t>([[AS:[0-9]+]]) != 0) {
# READER: noc_async_read_tile(
# READER: } else {
# READER-NEXT: mcast_ready(
# READER: noc_async_read_barrier();
# READER-NEXT: if (get_arg_val<uint32_t>([[AS]]) != 0) {
# READER-NEXT: mcast_send(l1_write_addr, 4096,
# READER-NEXT: } else {
# READER-NEXT: mcast_receive(
# READER: cb_push_back(cb_A_tile, 2);
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/on/main.cpp
# HOST: const CoreRangeSet cores(std::vector<CoreRange>{CoreRange({0, 0}, {3, 3})});
# HOST: const uint32_t A_sender_sem = CreateSemaphore(program, cores, 0);
# HOST: const uint32_t B_receiver_sem = CreateSemaphore(program, cores, 0);
# HOST: DataMovementProcessor::RISCV_1, .noc = NOC::NOC_0,
# HOST: SetRuntimeArgs(program, reader, core, {A_addr, B_addr, w.start_id, w.count, {{.*}}uint32_t(w.x == 0){{.*}}uint32_t(w.y == 0)
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/on/tt.plan.json
# PLAN: "kind": "mcast_sender",
# PLAN-NEXT: "name": "A"
# PLAN: "multicast": [
# PLAN: "tensor": "A",
# PLAN: "axis": "row"
# PLAN: "tensor": "B",
# PLAN: "axis": "column"

# Disabled by name or -O0 (with D7 and B0 off too): no multicast, the same artifacts.
# RUN: %tltt compile %examples/gemm.py -o %t/off --disable-pass operand-multicast --disable-pass overlap-data-movement --disable-pass work-decomposition --disable-pass fuse-sfpu-steps --disable-pass gemm-block-schedule
# RUN: %tltt compile %examples/gemm.py -o %t/o0 -O0
# RUN: diff -r %t/off %t/o0
# RUN: not grep -q 'mcast\|multicast' %t/off/reader.cpp %t/off/main.cpp %t/off/tt.plan.json

# A grid one block high: A is read by one core and multicast along the row; B (one block per
# column) is read by every core.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(64, 512, 64, 64, 64, 32)' --remarks=D8 --stop-after=D8 2>&1 | FileCheck %s --check-prefix=ROW
# ROW: remark: 'A' (CB A_tile, 2 tiles per transfer) is the same on every core of a row
# ROW: remark: 1 operand(s) multicast on a 8x1 core rectangle (one block per core): DRAM reads per step 18 tiles instead of 32 (read by every core: B_tile)

# More blocks than cores: no one-block-per-core rectangle.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 64, 32, 32, 32)' --disable-pass work-decomposition --remarks=D8 --stop-after=D8 2>&1 | FileCheck %s --check-prefix=BIG
# BIG: remark: no operand multicast: the 32x32 block grid does not fit the 8x8 core grid one block per core

# Rows of at least two of the device's largest NoC bursts (2 x 8 KiB on Wormhole, 2 x 16 KiB
# on Blackhole) are multicast row by row as their reads complete: the sender waits for the
# receivers' room before the first row, multicasts each row without flushing it, and after the
# transfer's barrier flushes and raises the flags. A's and B's rows here are 8 tiles (16 KiB):
# row by row on Wormhole, whole on Blackhole; the small blocks above keep mcast_send. Two K
# steps (no packer L1 accumulation, so no sliced first step: tests/lit/passes/gemm-k-slices.py).
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 512, 256, 256, 256)' --disable-pass work-decomposition --disable-pass operand-movers --remarks=D8 -o %t/rows 2>&1 | FileCheck %s --check-prefix=ROWS
# ROWS: remark: 2 operand(s) multicast on a 4x4 core rectangle (one block per core): DRAM reads per step 512 tiles instead of 2048; 2 transfer(s) multicast row by row
# RUN: FileCheck %s --check-prefix=ROWS-READER --input-file %t/rows/reader.cpp
# ROWS-READER: void mcast_write(
# ROWS-READER: cb_reserve_back(cb_A_tile, 64);
# ROWS-READER: if (get_arg_val<uint32_t>([[AS:[0-9]+]]) != 0) {
# ROWS-READER-NEXT: for (uint32_t i = 0; i < 8; ++i) {
# ROWS-READER: noc_async_read_tile(
# ROWS-READER: noc_async_read_barrier();
# ROWS-READER-NEXT: if (i == 0) {
# ROWS-READER-NEXT: mcast_wait_room(
# ROWS-READER: mcast_write(l1_write_addr + i * 16384, 16384,
# ROWS-READER: } else {
# ROWS-READER-NEXT: mcast_ready(
# ROWS-READER: if (get_arg_val<uint32_t>([[AS]]) != 0) {
# ROWS-READER-NEXT: mcast_signal(
# ROWS-READER-NEXT: } else {
# ROWS-READER-NEXT: mcast_receive(
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 512, 256, 256, 256)' --device p150 --disable-pass work-decomposition --disable-pass operand-movers --remarks=D8 -o %t/rows-bh 2>&1 | FileCheck %s --check-prefix=ROWS-BH
# ROWS-BH: DRAM reads per step 512 tiles instead of 2048; alternative without multicast
# RUN: not grep -q 'mcast_write' %t/rows-bh/reader.cpp
