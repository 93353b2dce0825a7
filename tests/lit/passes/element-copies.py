# T.Parallel nests that only move a tensor block into a whole on-chip block, or back, are T.copy
# (C1), so they stream through the reader/writer like any copy; T.use_swizzle, a GPU
# rasterisation hint, is dropped by B2.
# RUN: %tltt compile %S/../../e2e/kernels/gemm_element_copies.py --stop-after=B2 --print-after=B2 | FileCheck %s --check-prefix=B2
# RUN: %tltt compile %S/../../e2e/kernels/gemm_element_copies.py --stop-after=C1 --print-after=C1 | FileCheck %s

# B2-LABEL: func kernel_fn
# B2-NOT: use_swizzle
# B2: for r in parallel(0 +: 64) {
# B2: a_blk[r, c] = A[by * 64 + r, ko * 32 + c]
# B2: C[by * 64 + r_1, bx * 128 + c_1] = cast(float16, acc[r_1, c_1])

# CHECK-LABEL: func kernel_fn
# CHECK: for ko in pipelined(0 +: 4, num_stages=2) {
# CHECK-NEXT: copy A[by * 64 +: 64, ko * 32 +: 32] -> a_blk
# CHECK-NEXT: copy B[ko * 32 +: 32, bx * 128 +: 128] -> b_blk
# CHECK-NEXT: gemm a_blk, b_blk -> acc
# CHECK-NEXT: }
# CHECK-NEXT: copy acc -> acc_out
# CHECK-NEXT: copy acc_out -> C[by * 64 +: 64, bx * 128 +: 128]
