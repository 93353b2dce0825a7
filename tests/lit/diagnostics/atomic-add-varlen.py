# T.atomic_add at regions that move with a value read from a tensor (varlen offsets `first =
# cu[bz]`), and blocks of a grid index whose regions overlap (issue 13, atomics). The offset is
# known at run time only, so every grid index whose blocks might add to one region is split:
# those the destination does not use, and those that move it along an axis that also moves with
# a read value or by less than its extent (remark: "... is split"). Each add is then an ordered
# read-modify-write where it stands, inside the lets that read the offsets. The masked element
# form (`if by * bm + i < rows:` in the T.Parallel nest) adds a masked block. Kernels:
# tests/e2e/kernels/atomic_add_varlen.py (run on both devices by the e2e tests).
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_varlen.py --remarks=A1 --print-after=A1 -o %t 2>&1 | FileCheck %s --check-prefix=ROWS
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_varlen.py --entry 'varlen_blocks(3, 224, 64, 96)' --remarks=A1 --print-after=A1 -o %t.b 2>&1 | FileCheck %s --check-prefix=BLOCKS
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_varlen.py --entry 'varlen_masked(3, 224, 64, 96)' --remarks=A1 --print-after=A1 -o %t.m 2>&1 | FileCheck %s --check-prefix=MASKED
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_varlen.py --entry 'overlap_cols(64, 128)' --remarks=A1 --print-after=A1 -o %t.o 2>&1 | FileCheck %s --check-prefix=OVERLAP

# ROWS: remark: T.atomic_add into 'dQ' inside a loop of the block; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'by' < 3, 'bz' < 3 run in order as a serial loop inside one block (grid 2x3x3 -> 2)
# ROWS: tensor dQ: {{.*}}, ordered updates
# ROWS: launch (bx < 2) {
# ROWS: for bz in serial(0 +: 3) {
# ROWS-NEXT: for by in serial(0 +: 3) {
# ROWS-NEXT: let first: int32 = cu[bz, 0]
# ROWS: for k in pipelined(0 +: ceildiv(rows, 32), num_stages=2) {
# ROWS: copy dQ[bx +: 1, first + k * 32 +: 32, 0 +: 64] -> dQ_acc
# ROWS: dQ_acc[i0, i1] = dQ_acc[i0, i1] + dq[i0, i1]
# ROWS: copy dQ_acc -> dQ[bx +: 1, first + k * 32 +: 32, 0 +: 64]

# BLOCKS: remark: T.atomic_add into 'O': blocks with different values of 'by' may add to overlapping regions (the index that 'by' moves also moves with a value read from a tensor, known at run time), so they run in order on one core as well: 'by' is split
# BLOCKS: remark: T.atomic_add into 'O' at a region that moves with a value read from a tensor; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'by' < 3, 'bz' < 3 run in order as a serial loop inside one block (grid 2x3x3 -> 2)
# BLOCKS: launch (bx < 2) {
# BLOCKS: let first: int32 = cu[bz, 0]
# BLOCKS: copy O[first + by * 32 +: 32, bx * 32 +: 32] -> O_acc
# BLOCKS: copy O_acc -> O[first + by * 32 +: 32, bx * 32 +: 32]

# MASKED: launch (bx < 2) {
# MASKED: alloc x_masked: fragment float32[32, 32]
# MASKED: x_masked[i_1, j_1] = select(by * 32 + i_1 < rows, x[i_1, j_1], 0.0f)
# MASKED: copy O[first + by * 32 +: 32, bx * 32 +: 32] -> O_acc
# MASKED: O_acc[i0, i1] = O_acc[i0, i1] + x_masked[i0, i1]

# OVERLAP: remark: T.atomic_add into 'O': blocks with different values of 'bx' may add to overlapping regions ('bx' does not move the region by at least its extent along an axis of its own, nor index it by a quotient and a remainder `v // c`, `v % c`), so they run in order on one core as well: 'bx' is split
# OVERLAP: remark: T.atomic_add into 'O' at a region a split index moves; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'bx' < 4 run in order as a serial loop inside one block (grid 4x2 -> 2)
# OVERLAP: launch (by < 2) {
# OVERLAP: for bx in serial(0 +: 4) {
# OVERLAP: copy O[by * 32 +: 32, bx * 32 +: 64] -> O_acc
