# B4c exp-scale (an optimization pass): a positive constant factor of the fast exponential's
# argument becomes the exponential's `scale`, which D5 passes to exp_tile_init<true, true, scale>
# (the SDK's init folds it into the MAD constants): attention's exponent (s - m) * scale and
# alpha's (m_prev - m) * scale lose their mul_unary_tile.
# The attention runs keep the user's 64-key steps (--disable-pass widen-key-steps): the checks count their tiles.
# RUN: %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 64, False)' --stop-after=B4c --print-after=B4c --remarks=B4c 2>&1 | FileCheck %s
# CHECK: remark: the factor 0.125 of the fast exponential's argument is folded into its init (exp_tile_init<true, true, scale>): one SFPU product fewer per tile [exp-scale.fold]
# CHECK: tile.exp_fast(tile.sub(region(m_prev), region(m)), scale=
# CHECK: tile.exp_fast(tile.sub(region(s), tile.bcast_col(region(m))), scale=
# RUN: rm -rf %t && %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 64, False)' -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp
# KERNEL: sub_bcast_cols_init_short(cb_s, cb_m);
# KERNEL-NEXT: exp_tile_init<true, true, 0x3E000000u>();
# KERNEL-NOT: mul_unary_tile
# KERNEL: sub_tiles_bcast_cols(cb_s, cb_m, 0, 0, 0);
# KERNEL-NEXT: exp_tile<true>(0);
# Switched off, the product stays a scalar SFPU step before exp_tile_init<true>.
# RUN: rm -rf %t && %tltt compile %examples/flash_attention.py --disable-pass widen-key-steps --entry 'flash_attention(1, 2, 128, 64, False)' --disable-pass=exp-scale -o %t
# RUN: FileCheck %s --check-prefix=OFF --input-file %t/compute.cpp
# OFF: mul_unary_tile(0,
# OFF: exp_tile_init<true>();
