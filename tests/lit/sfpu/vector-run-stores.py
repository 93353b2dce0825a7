# A 1-D T.Parallel nest storing a whole on-chip vector into one column of a 2-D tensor
# (`S[bx * 32 + i, by] = s[i]`) is read by A1 as the copy of a vector run, `T.copy(s,
# S[bx * 32:bx * 32 + 32, by])`: S becomes a vector-run tensor (one column vector per group,
# the group an outer dimension) and the store a tile copy. Kernel:
# tests/e2e/kernels/group_scales.py (run end to end by e2e_group_scales_*).
# RUN: %tltt compile %S/../../e2e/kernels/group_scales.py --stop-after=A1 --print-after=A1 | FileCheck %s

# CHECK: copy X[bx * 32 +: 32, by * 64 +: 64] -> x
# CHECK: copy s -> S[by +: 1, bx * 32 +: 32, 0 +: 32]
# CHECK-NOT: S[bx * 32 + i
