# D4d fpu-mixed-formats (an optimization pass): an add or sub of a bfloat16 block and a float32
# broadcast vector runs on the FPU, each operand unpacked from its own CB format, instead of
# copy_tile + unary_bcast into two DST slots and an SFPU sub. Online softmax's second pass
# (x_s bfloat16, m + log(l) float32 after B4d/B4b) becomes sub_tiles_bcast_cols + exp_tile with
# one init each (D4b's hoisted inits), four tiles per acquire instead of two.
# RUN: %tltt compile %examples/softmax.py --remarks=D4d -o %t 2>&1 | FileCheck %s
# CHECK: softmax.py:38:17: remark: 1 add/sub of a bfloat16 block and a float32 broadcast vector run on the FPU from their CBs (no copy into DST, no SFPU op) [fpu-mixed-formats.fpu]
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp
# KERNEL: for (uint32_t k_3 = 0; k_3 < 4; ++k_3) {
# KERNEL: sub_bcast_cols_init_short(cb_x_s, cb_m_prev);
# KERNEL-NEXT: exp_tile_init<true>();
# KERNEL-NEXT: tile_regs_acquire();
# KERNEL-NEXT: sub_tiles_bcast_cols(cb_x_s, cb_m_prev, 0, 0, 0);
# KERNEL-NEXT: exp_tile<true>(0);
# Switched off, both operands are copied into DST and subtracted by the SFPU, two tiles per
# acquire.
# RUN: rm -rf %t.off && %tltt compile %examples/softmax.py --disable-pass fpu-mixed-formats -o %t.off
# RUN: FileCheck %s --check-prefix=OFF --input-file %t.off/compute.cpp
# OFF: for (uint32_t k_3 = 0; k_3 < 4; ++k_3) {
# OFF: unary_bcast<BroadcastType::COL>(cb_m_prev, t * 2 / 4, 1);
# OFF: sub_binary_tile(0, 1, 0);
# LayerNorm: with D4d on, B4 fuses the cast of the bfloat16 chunk into `xf - mean` (the FPU then
# subtracts the float32 mean from the bfloat16 tiles), so the second and third passes lose
# their copy through the float32 `xf` CB.
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(256, 4096, 32)' --disable-pass reduce-inputs --stop-after=D4d --print-after=D4d 2>&1 | FileCheck %s --check-prefix=LN
# LN: IR after fpu-mixed-formats (D4d)
# LN: tt.sfpu(region(x_s_chunk), region(mean), region(centered), tile.sub(region(x_s_chunk), tile.bcast_col(region(mean)), fpu_formats=true))
