# A 2-D T.Parallel nest that computes a block and also accumulates into vectors, with a
# let-bound temporary (`t = x * 2; y = t + 1; g[j] += t * x; s[i] += x`, a norm's backward):
# A1 splits the accumulations off (lets substituted) into nests of their own after the block's
# nest, each then a reduction with clear=False (remark infer-layout.reducer). Kernel:
# tests/e2e/kernels/reducer_split.py (run end to end by e2e_reducer_split_*).
# RUN: %tltt compile %S/../../e2e/kernels/reducer_split.py --entry split_reducers --stop-after=A1 --print-after=A1 --remarks 2>&1 | FileCheck %s

# CHECK: reducer_split.py:25:17: remark: 'g[j]' accumulates over the T.Parallel loop 'i', which its index does not use: a T.reduce_sum along dim 0 of the terms, first stored in 'g_terms' into 'g', with clear=False [infer-layout.reducer]
# CHECK: reducer_split.py:26:17: remark: 's[i]' accumulates over the T.Parallel loop 'j', which its index does not use: a T.reduce_sum along dim 1 of 'x' into 's', with clear=False [infer-layout.reducer]
# CHECK: for i in parallel(0 +: 32) {
# CHECK-NEXT: for j in parallel(0 +: 64) {
# CHECK-NEXT: y[i, j] = x[i, j] * 2.0f + 1.0f
# CHECK-NEXT: }
# CHECK-NEXT: }
# CHECK-NEXT: for i_1 in parallel(0 +: 32) {
# CHECK-NEXT: for j_1 in parallel(0 +: 64) {
# CHECK-NEXT: g_terms[i_1, j_1] = x[i_1, j_1] * 2.0f * x[i_1, j_1]
# CHECK-NEXT: }
# CHECK-NEXT: }
# CHECK-NEXT: reduce_sum g_terms -> g, dim=0, clear=false
# CHECK-NEXT: reduce_sum x -> s, dim=1, clear=false
