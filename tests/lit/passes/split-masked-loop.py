# B0c split-masked-loop (an optimization pass): causal attention masks its scores to -inf past
# the diagonal at the top of every key block, an element-wise step per tile that QK^T then
# reloads as its partial sums. The key blocks before the diagonal are fully visible: B0c splits
# the key loop where the mask starts to hide elements (the corner of the 128 x 128 block, B0a's
# group of 2 query blocks; B0d's steps of 128 keys), the first loop fills the scores with 0 instead (folded by D5 into a
# fresh QK^T), the second keeps the mask. Values are unchanged.
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, True)" --stop-after=B0c --print-after=B0c --remarks=B0c 2>&1 | FileCheck %s
# RUN: rm -rf %t && %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, True)" -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, True)" --disable-pass split-masked-loop --stop-after=B0c --print-after=B0c 2>&1 | FileCheck %s --check-prefix=OFF
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, False)" --stop-after=B0c --remarks=B0c 2>&1 | FileCheck %s --allow-empty --check-prefix=NOMASK

# CHECK: remark: loop 'kb' splits at min(max((bx * 2 * 64 + -127) // 128 + 1, 0), n_blocks // 2): before it the mask keeps every element of 's' (128 x 128), so those iterations fill it instead; the mask stays for the rest [split-masked-loop.split]
# CHECK: let n_blocks: int32 = min(16, ceildiv((bx * 2 + 1 + 1) * 64, 64))
# CHECK-NEXT: let kb_split: int32 = min(max((bx * 2 * 64 + -127) // 128 + 1, 0), n_blocks // 2)
# CHECK-NEXT: for kb in pipelined(0 +: kb_split, num_stages=1) {
# CHECK-NEXT: copy K[bz +: 1, by +: 1, kb * 2 * 64 +: 128, 0 +: 128] -> k_tile
# CHECK-NEXT: fill s, 0.0f
# CHECK-NEXT: gemm q_tile, k_tile -> s transpose_b
# CHECK: for kb_masked in pipelined(0 +: n_blocks // 2 - kb_split, num_stages=1) {
# CHECK-NEXT: copy K[bz +: 1, by +: 1, (kb_split + kb_masked) * 2 * 64 +: 128, 0 +: 128] -> k_tile
# CHECK: s[i_{{[0-9]+}}, j_{{[0-9]+}}] = select(bx * 2 * 64 + i_{{[0-9]+}} >= (kb_split + kb_masked) * 2 * 64 + j_{{[0-9]+}}, 0.0f, float32(-inf))
# CHECK: copy V[bz +: 1, by +: 1, (kb_split + kb_masked) * 2 * 64 +: 128, 0 +: 128] -> v_tile

# The first loop's QK^T starts from zero in DST (no fill step, no reload of the scores); the
# mask tile is only waited for in the second.
# KERNEL: for (uint32_t kb = 0; static_cast<int32_t>(kb) < static_cast<int32_t>(kb_split); ++kb) {
# KERNEL-NEXT: matmul_init(cb_q_tile, cb_k_tile, 1);
# KERNEL-NOT: cb_mask
# KERNEL: for (uint32_t kb_masked = 0; {{.*}}n_blocks{{.*}} / 2) - kb_split); ++kb_masked) {
# KERNEL-NEXT: cb_wait_front(cb_mask_0, 1);

# OFF: for kb in pipelined(0 +: n_blocks // 2, num_stages=1) {
# OFF-NOT: kb_split

# Without a mask there is nothing to split.
# NOMASK-NOT: split-masked-loop
