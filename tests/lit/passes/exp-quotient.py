# B4d exp-quotient (an optimization pass): the online softmax's second pass divides exp(x - m)
# by the running sum l. l is never negative (filled with 0, then l * exp(..) + the row sum of
# a block whose last write was an exponential), so exp(x - m) / l is computed as
# exp(x - (m + log(l))): B4b computes m + log(l) once per row block, and each tile loses its
# broadcast of 1 / l and its SFPU product.
# RUN: %tltt compile %examples/softmax.py --stop-after=B4d --print-after=B4d --remarks=B4d 2>&1 | FileCheck %s
# CHECK: softmax.py:38:17: remark: exp(x) / y computed as exp(x - log(y)) (y is never negative): one SFPU product fewer per tile [exp-quotient.fold]
# CHECK: IR after exp-quotient (B4d)
# CHECK: tt.sfpu(region(x_s), region(m), region(l), region(y_s), tile.exp_fast(tile.sub(region(x_s), tile.add(tile.bcast_col(region(m)), tile.log(tile.bcast_col(region(l)))))))
# RUN: rm -rf %t && %tltt compile %examples/softmax.py -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp
# KERNEL: log_tile_init();
# KERNEL-NEXT: log_tile(1);
# KERNEL-NEXT: add_binary_tile_init();
# KERNEL: for (uint32_t k_3 = 0; k_3 < 4; ++k_3) {
# KERNEL-NOT: mul_binary_tile
# KERNEL-NOT: recip_tile
# KERNEL: exp_tile<true>(3);
# KERNEL-NEXT: tile_regs_commit();
# Switched off, the quotient stays a product with the reciprocal.
# RUN: %tltt compile %examples/softmax.py --disable-pass exp-quotient --stop-after=B4d --print-after=B4d 2>&1 | FileCheck %s --check-prefix=OFF
# OFF: IR after exp-quotient (B4d) (disabled)
# OFF: tile.mul(tile.recip(tile.bcast_col(region(l))), tile.exp_fast(tile.sub(region(x_s), tile.bcast_col(region(m)))))
# Without fast math, B3's exact float32 sum of the exponentials subtracts its parts (hi, mid,
# lo): l is not proven >= 0 and the quotient is kept.
# RUN: %tltt compile %examples/softmax.py --disable-pass fast-exponential --stop-after=B4d --print-after=B4d --remarks=B4d 2>&1 | FileCheck %s --check-prefix=KEPT
# KEPT: softmax.py:38:17: remark: an exponential divided by a value not proven >= 0 stays a product with the reciprocal [exp-quotient.kept]
# KEPT: tile.mul(tile.recip(tile.bcast_col(region(l))), tile.exp(tile.sub(region(x_s), tile.bcast_col(region(m)))))
