# Consecutive element-wise steps fuse (B4): the intermediate h_f of two_stage.py is read only by
# the next step, so both trees run in one DST evaluation per tile and h_f never becomes a CB;
# x_s, read by both steps, is waited for once and popped after the fused op.
# RUN: %tltt compile %examples/sfpu/two_stage.py --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=STEPS
# RUN: %tltt compile %examples/sfpu/two_stage.py --stop-after=B4 --print-after=B4 | FileCheck %s --check-prefix=FUSED
# RUN: %tltt compile %examples/sfpu/two_stage.py --disable-pass=sfpu-tile-groups --stop-after=D5 --print-after=D5 | FileCheck %s

# STEPS: IR after lower-to-sfpu (B3)
# STEPS: tt.sfpu(region(x_s), region(h_f), tile.sub(tile.mul(tile.sigmoid(region(x_s)), 2.0f), 1.0f))
# STEPS-NEXT: tt.sfpu(region(h_f), region(x_s), region(y_f), tile.add(tile.square(region(h_f)), region(x_s)))

# FUSED: IR after fuse-sfpu-steps (B4)
# FUSED-NOT: tt.sfpu(region(x_s), region(h_f)
# FUSED: tt.sfpu(region(x_s), region(y_f), tile.add(tile.square(tile.sub(tile.mul(tile.sigmoid(region(x_s)), 2.0f), 1.0f)), region(x_s)))

# CHECK: func kernel_compute
# CHECK-NOT: alloc h_f
# CHECK: for block_id in persistent(start_id +: count) {
# CHECK-NEXT: cb_wait_front(region(x_s), 2)
# CHECK-NEXT: pack_reconfig_data_format(region(y_f))
# CHECK-NEXT: for t in serial(0 +: 2) {
# CHECK-NEXT: tile_regs_acquire()
# CHECK-NEXT: copy_tile_to_dst_init_short(region(x_s))
# CHECK-NEXT: copy_tile(region(x_s), t, 0)
# CHECK-NEXT: sigmoid_tile_init()
# CHECK-NEXT: sigmoid_tile(0)
# CHECK-NEXT: binop_with_scalar_tile_init()
# CHECK-NEXT: mul_unary_tile(0, uint32(1073741824))
# CHECK-NEXT: binop_with_scalar_tile_init()
# CHECK-NEXT: sub_unary_tile(0, uint32(1065353216))
# CHECK-NEXT: square_tile_init()
# CHECK-NEXT: square_tile(0)
# CHECK-NEXT: copy_tile_to_dst_init_short(region(x_s))
# CHECK-NEXT: copy_tile(region(x_s), t, 1)
# CHECK-NEXT: add_binary_tile_init()
# CHECK-NEXT: add_binary_tile(0, 1, 0)
# CHECK: pack_tile(0, region(y_f))
# CHECK: }
# CHECK-NEXT: cb_pop_front(region(x_s), 2)
