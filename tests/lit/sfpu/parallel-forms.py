# T.Parallel forms of examples/sfpu/parallel_forms.py (B3): let-bound temporaries substituted
# into a causal mask, selects on element values as SFPU predicates and blends, and a weighted
# sum of three terms with a constant and a kernel scalar as one tree.
# RUN: %tltt compile %examples/sfpu/parallel_forms.py --entry 'causal_let(64, 64)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=LET
# RUN: %tltt compile %examples/sfpu/parallel_forms.py --entry 'data_select(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=DATA
# RUN: %tltt compile %examples/sfpu/parallel_forms.py --entry 'weighted_sum(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=SUM
# RUN: rm -rf %t && %tltt compile %examples/sfpu/parallel_forms.py --entry 'data_select(64, 128)' -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp

# The lets are gone: the condition is the inlined `by * 32 + i >= bx * 32 + j`.
# LET: tt.mask_tile(region(mask_0), false_value=-inf, relation=">=", true_value=0.0)
# LET: tt.sfpu(region(x), region(mask_0), region(y), tile.add(tile.mul(region(x), 2.0f), tile.mask(region(mask_0), by * 32, bx * 32, false_value=-inf, relation=">=", true_value=0.0)))

# `x <= 0 ? x * 0.5 : 0` is a product with lez(x); `x > z ? x : z` blends by gtz / lez of x - z;
# `m[i] == x ? -100 : y` by eqz / nez of the broadcast difference.
# DATA: tt.sfpu(region(x), region(z), region(y), tile.add(tile.mul(tile.mul(region(x), 0.5f), tile.lez(region(x))), tile.add(tile.mul(region(x), tile.gtz(tile.sub(region(x), region(z)))), tile.mul(region(z), tile.lez(tile.sub(region(x), region(z)))))))
# DATA: tt.sfpu(region(m), region(x), region(y), region(y), tile.add(tile.mul(-100.0f, tile.eqz(tile.sub(tile.bcast_col(region(m)), region(x)))), tile.mul(region(y), tile.nez(tile.sub(tile.bcast_col(region(m)), region(x))))))
# KERNEL-DAG: lez_tile_init();
# KERNEL-DAG: lez_tile(
# KERNEL-DAG: gtz_tile(
# KERNEL-DAG: eqz_tile(
# KERNEL-DAG: nez_tile(

# SUM: tt.sfpu(region(x), region(z), region(y), tile.add(tile.add(tile.mul(0.75f, region(x)), tile.mul(tt.runtime_arg("scalar:alpha"), region(z))), 1.5f))
