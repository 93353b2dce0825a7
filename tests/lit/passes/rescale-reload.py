# D4c rescale-reload (an optimization pass): in a kernel that enables fast math, attention's
# `o *= alpha` (a float32 accumulator times a per-row vector) right before `T.gemm(p, v, o)` is
# no step of its own: the gemm reloads o's partial sums with mul_tiles_bcast_cols(o, alpha)
# instead of copy_tile, and alpha is popped after the gemm.
# The attention runs keep the user's 64-key steps (--disable-pass widen-key-steps): the checks count their tiles.
# RUN: %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 128, False)' --stop-after=D5 --print-after=D5 --remarks=D4c 2>&1 | FileCheck %s
# CHECK: remark: rescale of 'o' by 'alpha' folded into the product's reload of 'o' (mul_tiles_bcast_cols instead of copy_tile): no element-wise step, no round trip of its 8 tiles through the CB [rescale-reload.fold]
# CHECK-NOT: unary_bcast(region(alpha)
# CHECK: matmul_init(region(s_cast), region(v_tile), 0)
# CHECK: mul_bcast_cols_init_short(region(o), region(alpha))
# CHECK-NEXT: cb_wait_front(region(o), 4)
# CHECK-NEXT: cb_wait_front(region(alpha), 2)
# CHECK-NEXT: for d_{{[0-9]+}} in serial(0 +: 4) {
# CHECK-NEXT: mul_tiles_bcast_cols(region(o), region(alpha), d_{{[0-9]+}}, sb, d_{{[0-9]+}})
# CHECK: cb_pop_front(region(alpha), 2)
# CHECK-NEXT: cb_pop_front(region(s_cast), 4)
# Precise math keeps the SFPU's float32 product as its own step (the FPU's keeps a bfloat16
# mantissa of o at every rescale), and so does the pass switched off.
# RUN: %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 128, False)' --fast-math off --stop-after=D5 --print-after=D5 --remarks=D4c 2>&1 | FileCheck %s --check-prefix=PRECISE
# PRECISE: remark: rescale of 'o' by 'alpha' kept as its own step: the kernel does not enable fast math, and the FPU's product keeps a bfloat16 mantissa of the accumulator at every rescale (the SFPU's is float32) [rescale-reload.kept]
# PRECISE: unary_bcast(region(alpha)
# PRECISE: mul_binary_tile(
# PRECISE-NOT: mul_tiles_bcast_cols
# RUN: %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 128, False)' --disable-pass=rescale-reload --stop-after=D5 --print-after=D5 2>&1 | FileCheck %s --check-prefix=OFF
# OFF: unary_bcast(region(alpha)
# OFF-NOT: mul_tiles_bcast_cols
