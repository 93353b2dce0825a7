# T.atomic_add inside a loop of the block (issue 13, atomics), the dQ accumulation of a backward
# attention: the grid dimension dQ's index does not use (the key block 'by') becomes a serial
# loop inside each block, and each add an ordered read-modify-write of its region (copy in, add,
# copy back). The tensor is marked for ordered updates: D3 makes the reader take a token before
# each read of it and the writer put it back after each write (docs/atomics.md). Kernels:
# tests/e2e/kernels/atomic_add_loop.py (run on both devices by the e2e tests).
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_loop.py --entry 'dq_accumulate(1, 2, 128, 64, 64, 32)' --remarks=A1,A3 --print-after=A1 -o %t 2>&1 | FileCheck %s --check-prefix=DQ
# RUN: FileCheck %s --check-prefix=READER < %t/reader.cpp
# RUN: FileCheck %s --check-prefix=WRITER < %t/writer.cpp
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_loop.py --remarks=A1 -o %t.tile 2>&1 | FileCheck %s --check-prefix=TILE
# One row of a head per add (a padded block): the reader's gather of the row and the writer's
# scatter of it take and give back the token too.
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_loop.py --entry 'dq_rows(64, 2, 64, 32)' -o %t.rows
# RUN: FileCheck %s --check-prefix=ROWS-READER < %t.rows/reader.cpp
# RUN: FileCheck %s --check-prefix=ROWS-WRITER < %t.rows/writer.cpp

# DQ: remark: T.atomic_add into 'dQ' inside a loop of the block; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'by' < 2 run in order as a serial loop inside one block (grid 2x2x1 -> 2x1)
# DQ-SAME: the reference's (the split index ascending, then the loop order)
# DQ-SAME: [infer-layout.atomic-add]
# DQ: remark: tensor 'dQ' is updated in place
# DQ: tensor dQ: {{.*}}, ordered updates
# DQ: launch (bx < 2, bz < 1) {
# DQ: for by in serial(0 +: 2) {
# DQ: for k in pipelined(0 +: 4, num_stages=2) {
# DQ: copy dQ[bz +: 1, bx +: 1, k * 32 +: 32, 0 +: 64] -> dQ_acc
# DQ: dQ_acc[i0, i1] = dQ_acc[i0, i1] + dq[i0, i1]
# DQ: copy dQ_acc -> dQ[bz +: 1, bx +: 1, k * 32 +: 32, 0 +: 64]
# DQ: copy dk -> dK

# READER: void update_acquire(uint32_t sem)
# READER: update_acquire([[SEM:.*]]);
# READER-NEXT: cb_reserve_back(
# READER: noc_async_read_tile({{.*}}dQ_accessor
# WRITER: void update_release(uint32_t sem)
# WRITER: noc_async_write_tile({{.*}}dQ_accessor
# WRITER: noc_async_write_barrier();
# WRITER-NEXT: update_release(
# HOST: const uint32_t dQ_update_sem = CreateSemaphore(program, cores, 1);

# The tile form in a loop over row blocks, split over 'bs'.
# TILE: remark: T.atomic_add into 'O' inside a loop of the block; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'bs' < 4 run in order as a serial loop inside one block (grid 2x4 -> 2)

# ROWS-READER: update_acquire([[SEM:.*]]);
# ROWS-READER-NEXT: cb_reserve_back(cb_dQ_acc
# ROWS-READER: shift_gather({{.*}}dQ_accessor
# ROWS-WRITER: row_scatter({{.*}}dQ_accessor
# ROWS-WRITER-NEXT: noc_async_write_barrier();
# ROWS-WRITER-NEXT: cb_pop_front(
# ROWS-WRITER-NEXT: update_release(
