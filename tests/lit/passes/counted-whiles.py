# `while` loops that count become serial loops in A1 (passes/counted_whiles.cc): the condition
# compares a kernel-local integer scalar with a bound the loop does not write, the body's last
# statement raises the scalar by a positive constant. Iteration k reads the scalar as its first
# value plus k steps, the trip count is ceildiv(bound - first, step) (bound + 1 for `<=`), and
# the scalar's value after the loop is first + max(trips, 0) * step. Kernels:
# tests/e2e/kernels/counted_whiles.py; the forms left to a located error: kernel-while.py.
# RUN: %tltt compile %S/../../e2e/kernels/counted_whiles.py --print-after infer-layout --stop-after infer-layout -o %t | FileCheck %s --check-prefix=STRIDE
# The round-robin walk from the grid index p by `programs` (3) blocks up to 7; the value after
# the loop names the output block:
# STRIDE: launch (p < 3) {
# STRIDE-NOT: while
# STRIDE: for b_iter in serial(0 +: ceildiv(7 - p, 3)) {
# STRIDE-NEXT: copy X[(p + b_iter * 3) * 32 +: 32, 0 +: 64] -> x
# STRIDE: acc[i, j] = acc[i, j] + x[i, j] * cast(float32, (p + b_iter * 3) // 3 + 1)
# STRIDE: let b: int32 = p + max(ceildiv(7 - p, 3), 0) * 3
# STRIDE-NEXT: copy acc -> Y[(b - 7) * 32 +: 32, 0 +: 64]
# RUN: %tltt compile %S/../../e2e/kernels/counted_whiles.py --entry 'two_walks(3, 3, 64)' --print-after infer-layout --stop-after infer-layout -o %t.two | FileCheck %s --check-prefix=TWO
# An inclusive bound read from an index tensor (`b[0] <= T.min(g * per + last[g], ...)`, a
# step of 1), then a second walk from where the first stopped (the bound mirrored, `n > b[0]`):
# TWO: let b: int32 = g * 3
# TWO: for b_iter in serial(0 +: ceildiv(min(g * 3 + last_value, (g + 1) * 3 - 1) - b + 1, 1)) {
# TWO-NEXT: copy X[(b + b_iter) * 32 +: 32, 0 +: 64] -> x
# TWO: copy y -> Y[(b + b_iter) * 32 +: 32, 0 +: 64]
# TWO: let b_1: int32 = b + max(ceildiv(min(g * 3 + last[g, 0], (g + 1) * 3 - 1) - b + 1, 1), 0)
# TWO-NEXT: for b_iter_1 in serial(0 +: ceildiv((g + 1) * 3 - b_1, 1)) {
# TWO-NEXT: fill z, 0.0f
# TWO-NEXT: copy z -> Y[(b_1 + b_iter_1) * 32 +: 32, 0 +: 64]
# The reader and compute compute the trip count alike and loop it (TileLang's ceildiv, a floor
# division: no iteration for a program past the last block); the writer, whose only store
# follows the loop, computes the scalar's value after it:
# RUN: %tltt compile %S/../../e2e/kernels/counted_whiles.py -o %t.k
# RUN: FileCheck %s --check-prefix=KERN --input-file %t.k/reader.cpp
# RUN: FileCheck %s --check-prefix=KERN --input-file %t.k/compute.cpp
# RUN: FileCheck %s --check-prefix=WRITER --input-file %t.k/writer.cpp
# KERN: const uint32_t p = block_id;
# KERN: for (uint32_t b_iter = 0; static_cast<int32_t>(b_iter) < static_cast<int32_t>(((static_cast<int32_t>(7 - p + 2) - (static_cast<int32_t>(7 - p + 2) < 0 ? 2 : 0)) / 3)); ++b_iter) {
# WRITER: const uint32_t p = block_id;
# WRITER-NOT: b_iter
# WRITER: const uint32_t b = p + {{.*}}7 - p + 2{{.*}} * 3;
