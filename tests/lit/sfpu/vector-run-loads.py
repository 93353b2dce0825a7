# A 1-D T.Parallel nest gathering per-row values from one column of [batch, seq, heads] tensors
# (`beta[i] = Beta[bb, bx * 32 + i, bh]`, `g[i] = T.exp(G[bb, bx * 32 + i, bh])`) is read by A1
# as copies of vector runs: the bare run is the copy into `beta` itself, the computed one a
# copy into a staging vector `G_run` and a 1-D nest over it. Beta and G become vector-run
# tensors (one column vector per (batch, head)). Kernel: tests/e2e/kernels/run_gathers.py
# (run end to end by e2e_run_gathers_*).
# RUN: %tltt compile %S/../../e2e/kernels/run_gathers.py --stop-after=A1 --print-after=A1 | FileCheck %s

# CHECK: tensor Beta: float32[2, 64, 2] DRAM interleaved, col vector [2, 2, 64, 32]
# CHECK: tensor G: float32[2, 64, 2] DRAM interleaved, col vector [2, 2, 64, 32]
# CHECK: copy Beta[bb +: 1, bh +: 1, bx * 32 +: 32, 0 +: 32] -> beta
# CHECK-NEXT: alloc G_run: shared float32[32, 32] {tt.vector = "col"}
# CHECK-NEXT: copy G[bb +: 1, bh +: 1, bx * 32 +: 32, 0 +: 32] -> G_run
# CHECK-NEXT: for i in parallel(0 +: 32) {
# CHECK-NEXT: g[i, 0] = exp(G_run[i, 0])
# CHECK-NOT: Beta[bb, bx * 32 + i
