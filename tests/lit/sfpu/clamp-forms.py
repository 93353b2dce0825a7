# T.max / T.min of a tile with a constant other than 0 (T.clamp is both) or with a float32 kernel
# parameter (B3): tile.max / tile.min with the scalar as second operand, which D5 emits as
# unary_max_tile / unary_min_tile with the scalar's fp32 bits (a constant, or the kernel
# parameter's runtime argument); T.max(x, 0) stays relu_tile. Kernels:
# tests/e2e/kernels/clamp_forms.py (run end to end by e2e_clamp_*).
# RUN: %tltt compile %S/../../e2e/kernels/clamp_forms.py --stop-after=B3 --print-after=B3 | FileCheck %s
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/clamp_forms.py --entry "cap_scalar(64, 128)" -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp

# CHECK: tt.sfpu(region(amax), region(s), tile.max(region(amax), 0.9f))
# CHECK: tile.add(tile.max(tile.min(tile.mul(tile.recip(tile.bcast_col(region(s))), region(x)), 0.45f), -0.6f), tile.min(region(x), -0.25f))
# KERNEL: unary_min_tile_init();
# KERNEL-NEXT: unary_min_tile(0, get_arg_val<uint32_t>(2));
# KERNEL-NEXT: unary_max_tile_init();
# KERNEL-NEXT: unary_max_tile(0, 3204448256);
