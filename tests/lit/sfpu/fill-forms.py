# T.fill forms of examples/sfpu/fill_forms.py (B3): a fill with a kernel scalar is a tile fill
# of its runtime bits (fill_tile_bitcast), a scalar expression of it scalar SFPU ops on that
# fill; a fill or clear of part of a block is a select on bound masks (any row/column bounds,
# not only tile boundaries) that keeps the rest of the block.
# RUN: %tltt compile %examples/sfpu/fill_forms.py --entry 'fill_scalar(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=SCALAR
# RUN: rm -rf %t && %tltt compile %examples/sfpu/fill_forms.py --entry 'fill_scalar(64, 128)' -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp
# RUN: %tltt compile %examples/sfpu/fill_forms.py --entry 'fill_part(128, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=PART

# SCALAR: tt.sfpu(region(a), tt.runtime_arg("scalar:alpha"))
# SCALAR-NEXT: tt.sfpu(region(b), tile.sub(tile.mul(tt.runtime_arg("scalar:alpha"), 2.0f), 1.0f))
# KERNEL: fill_tile_init();
# KERNEL-NEXT: tile_regs_acquire();
# KERNEL-NEXT: fill_tile_bitcast(0, get_arg_val<uint32_t>(

# Rows 0..15: 3 * mask(rows < 16) + x * mask(rows >= 16).
# PART: tt.sfpu(region(mask_0), region(mask_1), region(x), region(x), tile.add(tile.mul(3.0f, tile.mask(region(mask_1), 0, axis="row", bound=16, false_value=0.0, relation="row<16", true_value=1.0)), tile.mul(region(x), tile.mask(region(mask_0), 0, axis="row", bound=16, false_value=1.0, relation="row<16", true_value=0.0))))
# Columns 40..63 cleared: x * mask(cols < 40).
# PART-NEXT: tt.sfpu(region(x), region(mask_2), region(x), tile.mul(region(x), tile.mask(region(mask_2), 0, axis="col", bound=40, false_value=0.0, relation="col<8", true_value=1.0)))
# The inner rectangle [20:50, 8:30] with the kernel scalar: four bounds, spilled once.
# PART: tt.runtime_arg("scalar:alpha")
# PART: tile.mask(region(mask_4), 0, axis="row", bound=20
