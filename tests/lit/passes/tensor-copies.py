# T.copy between two tensors: C1 stages it through a new on-chip block (the NoC only moves tiles
# between DRAM and L1); when the copy changes the dtype, through a second block of the target
# dtype, so the conversion happens in compute. Leading unit axes of a 4-D region are dropped
# from the block (Q is already in device order, its tiled axes last: A1 permutes it).
# RUN: %tltt compile %S/../../e2e/kernels/tensor_copy.py --entry "convert(256, 256, 64, 64, 'bfloat16', 'bfloat16')" --stop-after=C1 --print-after=C1 | FileCheck %s --check-prefix=SAME
# RUN: %tltt compile %S/../../e2e/kernels/tensor_copy.py --entry "convert(256, 256, 64, 64, 'bfloat16', 'float32')" --stop-after=C1 --print-after=C1 | FileCheck %s --check-prefix=CAST
# RUN: %tltt compile %S/../../e2e/kernels/tensor_copy.py --entry "bshd_to_bhsd(2, 128, 2, 64, 64)" --stop-after=C1 --print-after=C1 | FileCheck %s --check-prefix=BSHD

# SAME: alloc X_block: cb bfloat16[64, 64]
# SAME-NOT: Y_block
# SAME: copy X[by * 64 +: 64, bx * 64 +: 64] -> X_block
# SAME-NEXT: copy X_block -> Y[by * 64 +: 64, bx * 64 +: 64]

# CAST: alloc X_block: cb bfloat16[64, 64]
# CAST-NEXT: alloc Y_block: cb float32[64, 64]
# CAST: copy X[by * 64 +: 64, bx * 64 +: 64] -> X_block
# CAST-NEXT: copy X_block -> Y_block
# CAST-NEXT: copy Y_block -> Y[by * 64 +: 64, bx * 64 +: 64]

# BSHD: alloc Q_block: cb bfloat16[64, 64]
# BSHD: copy Q[b +: 1, h +: 1, bs * 64 +: 64, 0 +: 64] -> Q_block
# BSHD-NEXT: copy Q_block -> O[b +: 1, h +: 1, bs * 64 +: 64, 0 +: 64]
