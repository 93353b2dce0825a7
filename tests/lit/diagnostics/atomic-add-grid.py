# T.atomic_add at indices the grid reaches indirectly (issue 13, atomics). Through lets of the
# block: a flattened batch * heads dimension (`i_b = i_bh // H`, `i_h = i_bh % H`: the quotient
# and remainder pair moves each region on an axis of its own) and a let inside the loop
# (`c = chunks - i`) are substituted into the destination. Through a quotient of a grid index
# (grouped-query attention, `dV[bz, bx // G]`): 'bx' becomes bx_o * G + bx_i, bx_o stays in
# the grid and bx_i runs as a serial loop beside the key blocks 'by' that dQ's index does not
# use. Under conditions of the grid and the loops (`if bs % 2 == 0:`, `if i >= by:`), each
# add is an ordered read-modify-write that stays under its condition. Kernels:
# tests/e2e/kernels/atomic_add_grid.py (run on both devices by the e2e tests).
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_grid.py --remarks=A1 --print-after=A1 -o %t 2>&1 | FileCheck %s --check-prefix=FLAT
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_grid.py --entry 'gqa_groups(1, 4, 2, 128, 32, 32, 32)' --remarks=A1 --print-after=A1 -o %t.gqa 2>&1 | FileCheck %s --check-prefix=GQA
# RUN: %tltt compile %S/../../e2e/kernels/atomic_add_grid.py --entry 'guarded(3, 96, 64, 32, 32)' --remarks=A1 --print-after=A1 -o %t.cond 2>&1 | FileCheck %s --check-prefix=COND

# FLAT: remark: T.atomic_add into 'O' inside a loop of the block; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'i_k' < 2 run in order as a serial loop inside one block (grid 2x4 -> 4)
# FLAT: tensor O: {{.*}}, ordered updates
# FLAT: launch (i_bh < 4) {
# FLAT: for i_k in serial(0 +: 2) {
# FLAT: for i in pipelined(1 +: 4
# FLAT: copy O[i_bh // 2 +: 1, i_bh % 2 +: 1, (4 - i) * 32 +: 32, 0 +: 32] -> O_acc
# FLAT: O_acc[i0, i1] = O_acc[i0, i1] + o[i0, i1]
# FLAT: copy O_acc -> O[i_bh // 2 +: 1, i_bh % 2 +: 1, (4 - i) * 32 +: 32, 0 +: 32]

# GQA: remark: T.atomic_add into 'dV' at 'bx // 2': the blocks of grid dimension 'bx' < 4 come in groups of 2 that add to one region of 'dV'; 'bx' = 'bx_o' * 2 + 'bx_i', where 'bx_o' < 2 stays a grid dimension and 'bx_i' < 2 is split
# GQA: remark: T.atomic_add into 'dQ' inside a loop of the block; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'bx_i' < 2, 'by' < 4 run in order as a serial loop inside one block (grid 4x4x1 -> 2x1)
# GQA: remark: T.atomic_add into 'dV' at a region a split index moves; strategy 'ordered read-modify-write'
# GQA: launch (bx_o < 2, bz < 1) {
# GQA: for by in serial(0 +: 4) {
# GQA-NEXT: for bx_i in serial(0 +: 2) {
# GQA-NEXT: copy K[bz +: 1, bx_o +: 1, by * 32 +: 32, 0 +: 32] -> k_s
# GQA: copy Q[bz +: 1, bx_o * 2 + bx_i +: 1, k * 32 +: 32, 0 +: 32] -> q_s
# GQA: copy dQ[bz +: 1, bx_o * 2 + bx_i +: 1, k * 32 +: 32, 0 +: 32] -> dQ_acc
# GQA: copy dV[bz +: 1, bx_o +: 1, by * 32 +: 32, 0 +: 32] -> dV_acc
# GQA: copy dV_acc -> dV[bz +: 1, bx_o +: 1, by * 32 +: 32, 0 +: 32]

# COND: remark: T.atomic_add into 'E' under a condition of the block; strategy 'ordered read-modify-write': the blocks of grid dimension(s) 'by' < 3, 'bs' < 3 run in order
# COND: remark: T.atomic_add into 'F' under a condition of the block; strategy 'ordered read-modify-write'
# COND: remark: T.atomic_add into 'O' inside a loop of the block; strategy 'ordered read-modify-write'
# COND: launch (bx < 2) {
# COND: for bs in serial(0 +: 3) {
# COND-NEXT: for by in serial(0 +: 3) {
# COND: if bs % 2 == 0 {
# COND-NEXT: copy E[by * 32 +: 32, bx * 32 +: 32] -> E_acc
# COND: copy E_acc -> E[by * 32 +: 32, bx * 32 +: 32]
# COND: } else {
# COND-NEXT: copy F[by * 32 +: 32, bx * 32 +: 32] -> F_acc
# COND: for i in serial(0 +: 3) {
# COND-NEXT: if i >= by {
# COND-NEXT: copy O[i * 32 +: 32, bx * 32 +: 32] -> O_acc
