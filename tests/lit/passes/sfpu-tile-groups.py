# D4b sfpu-tile-groups (an optimization pass): a fused element-wise tree whose DST need leaves
# room for several copies of it in one acquire is evaluated for that many output tiles at once,
# tile j on DST slots [j * need, (j + 1) * need), each op's init once per group, one pack round
# trip per group. fused_exp_add_mul needs 2 of the 8 bfloat16 DST tiles: both of its 2 tiles go
# in one acquire (slots 0-1 and 2-3), the results packed from slots 0 and 2.
# The attention runs keep the user's 64-key steps (--disable-pass widen-key-steps): the checks count their tiles.
# RUN: %tltt compile %examples/sfpu/fused_exp_add_mul.py --fast-math on --stop-after=D5 --print-after=D5 --remarks=D4b 2>&1 | FileCheck %s
# CHECK: remark: element-wise tree into 'd_f': 2 of its 2 tiles per DST acquire (the tree needs 2 of the 8 DST tiles; 4 output pages free) [sfpu-tile-groups.group]
# CHECK: pack_reconfig_data_format(region(d_f))
# CHECK-NEXT: tile_regs_acquire()
# CHECK-NEXT: add_tiles_init(region(a_s), region(b_s))
# CHECK-NEXT: add_tiles(region(a_s), region(b_s), 0, 0, 0)
# CHECK-NEXT: add_tiles(region(a_s), region(b_s), 1, 1, 2)
# CHECK-NEXT: exp_tile_init(template="true")
# CHECK-NEXT: exp_tile(0, template="true")
# CHECK-NEXT: exp_tile(2, template="true")
# CHECK-NEXT: copy_tile_to_dst_init_short(region(c_s))
# CHECK-NEXT: copy_tile(region(c_s), 0, 1)
# CHECK-NEXT: copy_tile(region(c_s), 1, 3)
# CHECK-NEXT: mul_binary_tile_init()
# CHECK-NEXT: mul_binary_tile(0, 1, 0)
# CHECK-NEXT: mul_binary_tile(2, 3, 2)
# CHECK-NEXT: tile_regs_commit()
# CHECK-NEXT: tile_regs_wait()
# CHECK-NEXT: cb_reserve_back(region(d_f), 2)
# CHECK-NEXT: for d in serial(0 +: 2) {
# CHECK-NEXT: pack_tile(d * 2, region(d_f))
# CHECK-NEXT: }
# CHECK-NEXT: cb_push_back(region(d_f), 2)
# CHECK-NEXT: tile_regs_release()
# Switched off: one tile per acquire, every op after its own init.
# RUN: %tltt compile %examples/sfpu/fused_exp_add_mul.py --fast-math on --stop-after=D5 --print-after=D5 --disable-pass=sfpu-tile-groups | FileCheck %s --check-prefix=OFF
# OFF: for t in serial(0 +: 2) {
# OFF-NEXT: tile_regs_acquire()
# OFF-NEXT: add_tiles_init(region(a_s), region(b_s))
# OFF-NEXT: add_tiles(region(a_s), region(b_s), t, t, 0)
# OFF: cb_reserve_back(region(d_f), 1)
# OFF-NEXT: pack_tile(0, region(d_f))
# Flash attention (float32 blocks: 4 DST tiles): the exponent of the scores, updated in place,
# keeps the 4 tiles of the held input block free of the output's pages (8 pages, 4 free); the
# rescale of o by a broadcast alpha needs 2 slots, so 2 of o's 4 tiles per acquire; l's update
# in place leaves 2 of its 4 pages.
# RUN: %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --remarks=D4b 2>&1 | FileCheck %s --check-prefix=FA
# FA: element-wise tree into 's': 4 of its 4 tiles per DST acquire (the tree needs 1 of the 4 DST tiles; 4 output pages free)
# FA: element-wise tree into 'l': 2 of its 2 tiles per DST acquire (the tree needs 2 of the 4 DST tiles; 2 output pages free)
# FA: element-wise tree into 'o': 2 of its 4 tiles per DST acquire (the tree needs 2 of the 4 DST tiles; 4 output pages free)
# The causal mask is decided per tile: each tile of a group keeps its own branch (B0c leaves the
# mask to the key blocks at the diagonal, kb_split + kb_masked).
# RUN: rm -rf %t && %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps -o %t
# RUN: FileCheck %s --check-prefix=MASK --input-file %t/compute.cpp
# MASK: if (static_cast<int32_t>(bx * 64) > static_cast<int32_t>((kb_split + kb_masked) * 64)) {
# MASK: fill_tile(0, 0.0f);
# MASK: if (static_cast<int32_t>(bx * 64 + 32) > static_cast<int32_t>((kb_split + kb_masked) * 64 + 32)) {
# MASK: fill_tile(3, 0.0f);
# hoist_inits: attention's exponent (sub_tiles_bcast_cols, exp_tile) configures one FPU op and
# one SFPU function per tile: both inits run once ahead of the step's loop and each tile's FPU
# op is followed by its exponential. alpha's exponential is also scaled by B4a's unit-at-zero
# constant (a second SFPU function), so alpha keeps its inits per group, as does the row max (a
# copy and a reduction: two FPU configurations).
# RUN: rm -rf %t && %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 16, 1024, 128, False)' --remarks=D4b -o %t 2>&1 | FileCheck %s --check-prefix=HOIST-REMARK
# HOIST-REMARK: element-wise tree into 'alpha': 4 of its 8 tiles per DST acquire
# HOIST-REMARK-NOT: element-wise tree into 'alpha': its inits
# HOIST-REMARK: element-wise tree into 's': its inits run once for the 16 tiles, each tile's ops back to back (at most one FPU and one SFPU configuration) [sfpu-tile-groups.hoist-inits]
# HOIST-REMARK-NOT: element-wise tree into 'l': its inits
# RUN: FileCheck %s --check-prefix=HOIST --input-file %t/compute.cpp
# HOIST: sub_bcast_cols_init_short(cb_s, cb_m);
# HOIST-NEXT: exp_tile_init<true, true, 0x3DB504F3u>();
# HOIST-NEXT: for (uint32_t t_4 = 0; t_4 < 4; ++t_4) {
# HOIST-NEXT: tile_regs_acquire();
# HOIST-NEXT: sub_tiles_bcast_cols(cb_s, cb_m, t_4 * 4, t_4 * 4 / 2, 0);
# HOIST-NEXT: exp_tile<true>(0);
# HOIST-NEXT: sub_tiles_bcast_cols(cb_s, cb_m, t_4 * 4 + 1, (t_4 * 4 + 1) / 2, 1);
# HOIST-NEXT: exp_tile<true>(1);
# Without D4b the inits stay with each tile.
# RUN: rm -rf %t && %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 16, 1024, 128, False)' --disable-pass=sfpu-tile-groups -o %t
# RUN: FileCheck %s --check-prefix=NOHOIST --input-file %t/compute.cpp
# NOHOIST: sub_bcast_cols_init_short(cb_s, cb_m);
# NOHOIST-NEXT: sub_tiles_bcast_cols(cb_s, cb_m, t_4, t_4 / 2, 0);
# NOHOIST-NEXT: exp_tile_init<true, true, 0x3DB504F3u>();
