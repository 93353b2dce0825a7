# D5 with B4's switch on, attention's online softmax: `l = l * alpha + rowsum(s)` is one
# reduction of s onto the FPU product l * alpha already in DST (no pack of the row sum into its
# own CB, no copy of it back, no SFPU add), and the exponential's DST tiles are packed into s
# and into s_cast (the copy `T.copy(s, s_cast)` is no step of its own; its wait stays for s's
# pop). --disable-pass=fuse-sfpu-steps keeps both as separate steps.
# The attention runs keep the user's 64-key steps (--disable-pass widen-key-steps): the checks count their tiles.
# RUN: %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 128, False)' --stop-after=D5 --print-after=D5 2>&1 | FileCheck %s
# RUN: %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 128, False)' --disable-pass=fuse-sfpu-steps --stop-after=D5 --print-after=D5 2>&1 | FileCheck %s --check-prefix=OFF

# CHECK: exp_tile(3, template="true")
# CHECK-NEXT: tile_regs_commit()
# CHECK-NEXT: tile_regs_wait()
# CHECK-NEXT: cb_reserve_back(region(s), 4)
# CHECK-NEXT: for d_[[D:[0-9]+]] in serial(0 +: 4) {
# CHECK-NEXT: pack_tile(d_[[D]], region(s))
# CHECK-NEXT: }
# CHECK-NEXT: cb_push_back(region(s), 4)
# CHECK-NEXT: pack_reconfig_data_format(region(s_cast))
# CHECK-NEXT: cb_reserve_back(region(s_cast), 4)
# CHECK-NEXT: for d_[[D]] in serial(0 +: 4) {
# CHECK-NEXT: pack_tile(d_[[D]], region(s_cast))
# CHECK-NEXT: }
# CHECK-NEXT: cb_push_back(region(s_cast), 4)
# CHECK-NEXT: pack_reconfig_data_format(region(s))
# CHECK-NEXT: tile_regs_release()
# CHECK: cb_wait_front(region(l), 2)
# CHECK-NEXT: cb_wait_front(region(alpha), 2)
# CHECK-NEXT: pack_reconfig_data_format(region(l))
# CHECK-NEXT: tile_regs_acquire()
# CHECK-NEXT: mul_tiles_init(region(l), region(alpha))
# CHECK-NEXT: mul_tiles(region(l), region(alpha), 0, 0, 0)
# CHECK-NEXT: mul_tiles(region(l), region(alpha), 1, 1, 1)
# CHECK-NEXT: reduce_init(region(s), region(reduce_scaler), region(l), template="PoolType::SUM, ReduceDim::REDUCE_ROW")
# CHECK: reduce_uninit()
# CHECK-NEXT: tile_regs_commit()
# CHECK-NEXT: tile_regs_wait()
# CHECK-NEXT: cb_reserve_back(region(l), 2)
# CHECK-NEXT: pack_tile(0, region(l))
# CHECK-NEXT: pack_tile(1, region(l))
# CHECK-NEXT: cb_push_back(region(l), 2)
# CHECK-NEXT: tile_regs_release()
# CHECK-NEXT: cb_pop_front(region(l), 2)
# CHECK-NEXT: cb_wait_front(region(s), 4)
# CHECK-NEXT: cb_pop_front(region(s), 4)
# CHECK-NOT: copy_tile(region(s),
# CHECK: matmul_init(region(s_cast), region(v_tile), 0)

# OFF: reduce_init(region(s), region(reduce_scaler), region(m_prev), template="PoolType::SUM, ReduceDim::REDUCE_ROW")
# OFF: copy_tile(region(m_prev),
# OFF: copy_tile(region(s), {{.*}})
# OFF: pack_tile({{.*}}, region(s_cast))
