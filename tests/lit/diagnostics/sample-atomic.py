# `tltt run --check=sample` on a kernel whose blocks T.atomic_add into the same output elements:
# the reference interprets only the sampled blocks, so its sums would be partial and a correct
# device would FAIL (pcc 0). The runner checks such a function whole and says so; the same
# holds for a function of several launches (alloc-global-launches.py). Kernel (sums of two
# K-splits into each output tile): tests/e2e/kernels/atomic_add_grid.py.
# RUN: %tltt run %S/../../e2e/kernels/atomic_add_grid.py --check=sample --sample-blocks=1 | FileCheck %s
# RUN: %tltt run %S/../../e2e/kernels/atomic_add_grid.py --entry 'guarded(3, 96, 64, 32, 32)' --check=sample --sample-blocks=2 | FileCheck %s --check-prefix=COND

# CHECK: note: --check=sample checks outputs each block writes alone; 'kernel' adds into 'O' with T.atomic_add (the blocks left out add to the same elements): checked whole
# CHECK-NOT: sampled blocks
# CHECK: PASS pcc=
# CHECK-NOT: check=sample

# COND: note: --check=sample checks outputs each block writes alone; {{.*}} with T.atomic_add
# COND: PASS pcc=
