# B0/B1/B2/D8: a GEMM block grid larger than the core grid (16x8 blocks of 256x256 on the 8x8
# cores) is tiled by an 8x8 core rectangle laid out as the block grid; every core runs the block
# at its position in both tiles (block ids x, x + 8 of its row), so the cores of a row share A
# and those of a column share B at every step, and D8 multicasts both. Off with
# operand-multicast: B0 re-blocks for the plain contiguous partition, no tiling.
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/gemm.py --entry 'matmul(2048, 4096, 512, 256, 256, 64)' -o %t/on --remarks=B0,B1,B2,D8 2> %t/remarks.txt
# RUN: FileCheck %s --check-prefix=REMARKS --input-file %t/remarks.txt
# REMARKS: remark: user blocks kept for the 2048x4096x512 GEMM: 256x256x64 (128 blocks on 64 cores, 2 round(s), {{.*}}, A and B multicast on a 8x8 core tiling of the blocks)
# REMARKS: remark: partition global, multicast tiling: 128 blocks on a 8x8 core rectangle laid out as the 16x8 block grid, 2 blocks each
# REMARKS: remark: the 16x8 T.Kernel grid becomes a persistent loop over each core's block ids: rows of 2 blocks 8 apart, 128 block ids apart
# REMARKS: remark: 2 operand(s) multicast on a 8x8 core rectangle (several blocks per core, B1's multicast tiling)
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/on/tt.plan.json
# PLAN: "block_stride": {
# PLAN-NEXT: "width": 2,
# PLAN-NEXT: "row": 128,
# PLAN-NEXT: "col": 8
# PLAN: "multicast": [
# RUN: FileCheck %s --check-prefix=READER --input-file %t/on/reader.cpp
# READER: for (uint32_t local_id = 0; local_id < count; ++local_id) {
# READER-NEXT: const uint32_t block_id = start_id + (local_id / 2 * 128 + local_id % 2 * 8);
# READER: mcast_send(

# RUN: %tltt compile %examples/gemm.py --entry 'matmul(2048, 4096, 512, 256, 256, 64)' --disable-pass operand-multicast --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=OFF
# OFF-NOT: multicast tiling
# OFF: remark: partition global: {{[0-9]+}} blocks on {{[0-9]+}} of the 64 cores
