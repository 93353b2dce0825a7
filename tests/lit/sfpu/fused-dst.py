# DST code of a fused tree (D5): FPU add of two loaded tiles into slot 0, SFPU exp in place, the
# third operand copied into slot 1, SFPU multiply between DST tiles, one pack per output tile;
# scalar operands become the scalar SFPU forms with the constant's fp32 bits.
# RUN: %tltt compile %examples/sfpu/fused_exp_add_mul.py --disable-pass=sfpu-tile-groups --disable-pass=fast-exponential --stop-after=D5 --print-after=D5 | FileCheck %s
# RUN: %tltt compile %examples/sfpu/gelu.py --disable-pass=sfpu-tile-groups --disable-pass=hoist-vector-terms --stop-after=D5 --print-after=D5 | FileCheck %s --check-prefix=GELU
# RUN: %tltt compile %examples/sfpu/fused_exp_add_mul.py --stop-after=C3 --print-after=C3 | FileCheck %s --check-prefix=GRAPH

# CHECK: compute_kernel_hw_startup(region(a_s), region(d_f))
# CHECK: cb_wait_front(region(a_s), 2)
# CHECK-NEXT: cb_wait_front(region(b_s), 2)
# CHECK-NEXT: cb_wait_front(region(c_s), 2)
# CHECK-NEXT: pack_reconfig_data_format(region(d_f))
# CHECK-NEXT: for t in serial(0 +: 2) {
# CHECK-NEXT: tile_regs_acquire()
# CHECK-NEXT: add_tiles_init(region(a_s), region(b_s))
# CHECK-NEXT: add_tiles(region(a_s), region(b_s), t, t, 0)
# CHECK-NEXT: exp_tile_init()
# CHECK-NEXT: exp_tile(0)
# CHECK-NEXT: copy_tile_to_dst_init_short(region(c_s))
# CHECK-NEXT: copy_tile(region(c_s), t, 1)
# CHECK-NEXT: mul_binary_tile_init()
# CHECK-NEXT: mul_binary_tile(0, 1, 0)
# CHECK-NEXT: tile_regs_commit()
# CHECK-NEXT: tile_regs_wait()
# CHECK-NEXT: cb_reserve_back(region(d_f), 1)
# CHECK-NEXT: pack_tile(0, region(d_f))
# CHECK-NEXT: cb_push_back(region(d_f), 1)
# CHECK-NEXT: tile_regs_release()
# CHECK-NEXT: }
# CHECK-NEXT: cb_pop_front(region(a_s), 2)
# CHECK-NEXT: cb_pop_front(region(b_s), 2)
# CHECK-NEXT: cb_pop_front(region(c_s), 2)

# 0.5f = 0x3f000000 = 1056964608
# GELU: binop_with_scalar_tile_init()
# GELU: mul_unary_tile({{[0-9]}}, uint32(1056964608))
# GELU: tanh_tile_init()

# GRAPH: cb 0 a_s: Float16_b, 4 x 2048 B, input, reader -> compute
# GRAPH-NEXT: cb 1 b_s: Float16_b, 4 x 2048 B, input, reader -> compute
# GRAPH-NEXT: cb 2 c_s: Float16_b, 4 x 2048 B, input, reader -> compute
# GRAPH-NEXT: cb 16 d_f: Float16_b, 4 x 2048 B, output, compute -> writer
