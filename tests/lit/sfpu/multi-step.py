# Two fused steps in one block (D5): the intermediate h_f is a compute-to-compute CB
# (role intermediate, index 24..) and x_s, read by both steps, is popped only after the second.
# RUN: %tltt compile %examples/sfpu/two_stage.py --stop-after=D5 --print-after=D5 | FileCheck %s

# CHECK: func kernel_compute
# CHECK: alloc h_f: cb bfloat16[32, 64] {cb_index = 24, {{.*}}role = "intermediate"
# CHECK: for block_id in persistent(start_id +: count) {
# CHECK-NEXT: cb_wait_front(region(x_s), 2)
# CHECK: sigmoid_tile(0)
# CHECK-NEXT: binop_with_scalar_tile_init()
# CHECK-NEXT: mul_unary_tile(0, uint32(1073741824))
# CHECK-NEXT: binop_with_scalar_tile_init()
# CHECK-NEXT: sub_unary_tile(0, uint32(1065353216))
# CHECK: pack_tile(0, region(h_f))
# CHECK-NOT: cb_pop_front(region(x_s)
# CHECK: cb_wait_front(region(h_f), 2)
# CHECK-NEXT: cb_wait_front(region(x_s), 2)
# CHECK: square_tile(0)
# CHECK: copy_tile(region(x_s), t_1, 1)
# CHECK-NEXT: add_binary_tile_init()
# CHECK-NEXT: add_binary_tile(0, 1, 0)
# CHECK: pack_tile(0, region(y_f))
# CHECK: cb_pop_front(region(h_f), 2)
# CHECK-NEXT: cb_pop_front(region(x_s), 2)
