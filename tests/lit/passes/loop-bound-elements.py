# A serial or pipelined loop whose bound reads an index tensor's element inline
# (`T.ceildiv(lens[bz], 32)`, grouped GEMM's backward): A1 reads the element into a let just
# before the loop (passes/index_hoist.h), the run-time trip count every kernel takes from the
# reader (D3's index mailbox), instead of a buffer load left in the kernels. Kernel:
# tests/e2e/kernels/runtime_trips.py (e2e runtime_trips_inline).
# RUN: %tltt compile %S/../../e2e/kernels/runtime_trips.py --entry 'inline_trips(3, 96, 64)' --print-after=A1 -o %t 2>&1 | FileCheck %s
# CHECK: launch (bz < 3) {
# CHECK: let lens_value: int32 = lens[bz, 0]
# CHECK-NEXT: for t in pipelined(0 +: ceildiv(lens_value, 32), num_stages=2) {
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# COMPUTE: lens_value
# COMPUTE-NOT: lens[
