# Tensor runs read element by element in 2-D T.Parallel nests (`x[i, j] * S[bx * 32 + i, by]`,
# `G[bx * 32 + i, by] - G[bx * 32 + j, by]`) are copied by A1 into on-chip vectors before
# their nest (one vector per run, read per column through its transposed twin), and a
# computed vector stored to a run (`R[bx * 32 + i, by] = r[i] * 0.5`) is computed into a
# vector, then copied. Kernel: tests/e2e/kernels/run_scales.py (e2e_run_scales_*).
# RUN: %tltt compile %S/../../e2e/kernels/run_scales.py --stop-after=A1 --print-after=A1 | FileCheck %s

# CHECK: alloc S_run: shared float32[32, 32] {tt.vector = "col"}
# CHECK-NEXT: copy S[by +: 1, bx * 32 +: 32, 0 +: 32] -> S_run
# CHECK: y[i, j] = x[i, j] * S_run[i, 0]
# CHECK: alloc G_run: shared float32[32, 32] {tt.vector = "col"}
# CHECK-NEXT: copy G[by +: 1, bx * 32 +: 32, 0 +: 32] -> G_run
# CHECK-NEXT: alloc G_run_t: shared float32[32, 32] {tt.vector = "row"}
# CHECK-NEXT: copy G_run -> G_run_t
# CHECK: d[i_1, j_1] = exp(G_run[i_1, 0] - G_run_t[0, j_1])
# CHECK: alloc R_vec: shared float32[32, 32] {tt.vector = "col"}
# CHECK: R_vec[i_2, 0] = r[i_2, 0] * 0.5f
# CHECK: copy R_vec -> R[by +: 1, bx * 32 +: 32, 0 +: 32]
