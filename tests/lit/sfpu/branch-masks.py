# `if` statements over element stores in a T.Parallel nest whose condition is a position
# (`if i < j: a[i, j] = 0`, an if/else storing `y` from both branches) are read by B3 as one
# store of a select per element (the element's own value for a branch that does not store
# it), lowered to mask tiles. Kernel: tests/e2e/kernels/branch_masks.py (run end to end by
# e2e_branch_masks_*).
# RUN: %tltt compile %S/../../e2e/kernels/branch_masks.py --stop-after=B3 --print-after=B3 | FileCheck %s

# CHECK: tt.mask_tile(region(mask_1), false_value=0.0, relation=">", true_value=1.0)
# CHECK: tt.mask_tile(region(mask_0), false_value=1.0, relation=">", true_value=0.0)
# CHECK: tt.mask_tile(region(mask_2), false_value=1.0, relation="<", true_value=0.0)
# The if/else: a * 2 where i > j, a + 1 elsewhere (a blend of the two by complementary masks).
# CHECK: tt.sfpu(region(mask_0), region(mask_1), region(a), region(y), tile.add(tile.mul(tile.mul(region(a), 2.0f), tile.mask(region(mask_1), {{.*}})), tile.mul(tile.add(region(a), 1.0f), tile.mask(region(mask_0), {{.*}}))))
# `if i < j: a[i, j] = 0`: a kept where i >= j, zero above the diagonal, in place.
# CHECK-NEXT: tt.sfpu(region(a), region(mask_2), region(a), tile.mul(region(a), tile.mask(region(mask_2), {{.*}})))
# CHECK-NOT: if (
