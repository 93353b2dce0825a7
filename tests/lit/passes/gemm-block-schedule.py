# D4a gemm-block-schedule (an optimization pass): a GEMM whose B is not transposed and whose
# accumulator CB holds exactly one block is marked for matmul_block and packer L1 accumulation;
# D5 then computes a 2x8-tile fp32 block (DST holds 4 fp32 tiles) in 1x4 matmul_block
# sub-blocks whose partials the packer adds to L1 over the 5 K steps, reloading them once for
# the last step's bf16 pack. Disabled, D5 spills and reloads with matmul_tiles at every K step.
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/gemm.py --entry 'matmul(128, 512, 160, 64, 256, 32)' -o %t/on --remarks=D4a,D5 2> %t/remarks.txt
# RUN: FileCheck %s --check-prefix=REMARKS --input-file %t/remarks.txt
# REMARKS: remark: gemm into 'acc': matmul_block sub-blocks and packer L1 accumulation allowed [gemm-block-schedule.allowed]
# REMARKS: remark: gemm into 'acc': 1x4 sub-blocks (out_subblock_h x out_subblock_w, matmul_block) with partials accumulated in its CB by the packer (L1 accumulation) over the K steps and reloaded once, for the last step, because the 2x8-tile block exceeds DST (4 tiles) [dst-management.gemm-schedule]
# RUN: FileCheck %s --check-prefix=ON --input-file %t/on/compute.cpp
# ON: mm_block_init_short(cb_A_tile, cb_B_tile, 0, 4, 1, 1);
# ON-NEXT: for (uint32_t ko = 0; ko < 5; ++ko) {
# ON: if (ko != 0) {
# ON-NEXT: if (ko == 4) {
# ON-NEXT: copy_tile_to_dst_init_short(cb_acc);
# ON: copy_tile(cb_acc, d, d);
# ON: mm_block_init_short(cb_A_tile, cb_B_tile, 0, 4, 1, 1);
# ON-NEXT: } else {
# ON-NEXT: cb_wait_front(cb_acc, 4);
# ON-NEXT: cb_pop_front(cb_acc, 4);
# ON-NEXT: }
# ON-NEXT: }
# ON-NEXT: matmul_block(cb_A_tile, cb_B_tile, sb, sbn * 4, 0, 0, 4, 1, 1);
# ON: if (ko == 4) {
# ON-NEXT: pack_reconfig_l1_acc(0);
# ON: pack_tile(d_1, cb_acc_out);
# ON: } else {
# ON-NEXT: pack_reconfig_l1_acc(ko != 0);
# ON: pack_tile(d_2, cb_acc);
# ON-NOT: matmul_tiles
# Switched off: matmul_tiles and a reload at every K step after the first.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(128, 512, 160, 64, 256, 32)' -o %t/off --disable-pass gemm-block-schedule --remarks=D5 2> %t/off.txt
# RUN: FileCheck %s --check-prefix=OFF --input-file %t/off.txt
# OFF: 1x4 sub-blocks (out_subblock_h x out_subblock_w) with partials spilled to and reloaded from its CB after each K step
# RUN: FileCheck %s --check-prefix=OFFCODE --input-file %t/off/compute.cpp
# OFFCODE-NOT: pack_reconfig_l1_acc
# OFFCODE: if (ko != 0) {
# OFFCODE-NEXT: copy_tile_to_dst_init_short(cb_acc);
# OFFCODE: matmul_tiles(
# A block that fits DST accumulates there, with one matmul_block per K tile.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(128, 128, 128, 64, 64, 32)' --disable-pass work-decomposition -o %t/dst --remarks=D5 2> %t/dst.txt
# RUN: FileCheck %s --check-prefix=DST --input-file %t/dst.txt
# DST: the 2x2-tile block fits DST (4 tiles), so it accumulates in DST across 4 K step(s) and is packed once (matmul_block)
# A transposed B keeps matmul_tiles: matmul_block reads a sub-block row's B tiles consecutively.
# RUN: %tltt compile %examples/flash_attention.py --remarks=D4a 2>&1 | FileCheck %s --check-prefix=TB
# TB: gemm into 's': matmul_tiles with spill/reload kept (not matmul_block: B is transposed) (not L1 accumulation: other compute ops read the accumulator)
