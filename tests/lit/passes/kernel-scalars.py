# Kernel-local integer scalars (T.alloc_var, T.alloc_local([1]), issue 13) become lets in A1
# (passes/scalar_vars.h): a store binds a let, an `if` of scalar assignments is a select, a
# counting loop of them is unrolled (one let per iteration; a loop bounded by a grid index runs to
# the grid's last index, its iterations applied while below the count). Every kernel then
# computes them alike; the reader reads the index elements in them and hands them over.
# Kernels: tests/e2e/kernels/kernel_scalars.py.
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/kernel_scalars.py -o %t
# RUN: FileCheck %s --check-prefix=SCAN --input-file %t/reader.cpp
# The scan over the groups' first rows: iteration 0 folds (both branches keep 0), then a select
# per group, the last one the W block's index.
# SCAN: const uint32_t g = static_cast<int32_t>(bx * 32 + 4) >= static_cast<int32_t>([[E1:first_element[_0-9]*]] * 8) ? 1 : 0;
# SCAN: const uint32_t g_1 = static_cast<int32_t>(bx * 32 + 4) >= static_cast<int32_t>([[E2:first_element[_0-9]*]] * 8) ? 2 : g;
# SCAN: noc_async_read_tile(g_1 * 2 + j_1, W_accessor,
# A running offset over the earlier batches (`for i in T.serial(bz)`, unrolled to the grid's
# last index with each step guarded), the reader's window origin; a clamped length compute masks
# with, handed over in the mailbox:
# RUN: %tltt compile %S/../../e2e/kernels/kernel_scalars.py --entry 'running_offsets(3, 128, 64)' -o %t.run
# RUN: FileCheck %s --check-prefix=OFF --input-file %t.run/reader.cpp
# RUN: FileCheck %s --check-prefix=OFFC --input-file %t.run/compute.cpp
# OFF-LABEL: const uint32_t bz = block_id;
# OFF: const uint32_t off = bz * 24;
# OFF: const uint32_t off_1 = 0 < static_cast<int32_t>(bz) ? off + {{lens_element[_0-9]*}} * 3 : off;
# OFF: const uint32_t off_2 = 1 < static_cast<int32_t>(bz) ? off_1 + {{lens_element[_0-9]*}} * 3 : off_1;
# OFF: shift_gather({{.*}}, X_accessor, off_2, 0,
# OFFC: cb_wait_front(cb_index_mailbox, 1);
# OFFC: const uint32_t n = {{.*}}lens_element{{.*}} < 40 ? {{.*}} : 40);
# OFFC-NOT: off_
# A scalar assigned in an `if` (a select of the two branches' values) and reassigned from
# itself with signed floor division and remainder: the writer's row block.
# RUN: %tltt compile %S/../../e2e/kernels/kernel_scalars.py --entry 'branch_rows(3, 64)' -o %t.br
# RUN: FileCheck %s --check-prefix=BR --input-file %t.br/writer.cpp
# BR: const uint32_t s = static_cast<int32_t>([[A:sel_element[_0-9]*]]) > 0 ? {{sel_element[_0-9]*}} - 9 : {{sel_element[_0-9]*}} * 2;
# BR-NEXT: const uint32_t s_1 = ((static_cast<int32_t>(((static_cast<int32_t>(s) - (static_cast<int32_t>(s) < 0 ? 2 : 0)) / 3) + bz) % 3 + 3) % 3);
# BR: noc_async_write_tile(s_1 * 2 + j, Y_accessor,
