# Accumulating stores in a T.Parallel nest (the T.alloc_reducer form, issue 13): A1 lowers
# `o[i] += a[i, j]` (and T.max/T.min, T.reducer_update) to a block of terms and a T.reduce_* along
# the loop variable o's index does not use, with clear=False, so the sum runs over the serial loop
# too (remark infer-layout.reducer). The kernels: tests/e2e/kernels/reducer.py.
# RUN: %tltt compile %S/../../e2e/kernels/reducer.py --remarks=A1 --print-after=A1 -o %t 2>&1 | FileCheck %s --check-prefix=SUM
# RUN: %tltt run %S/../../e2e/kernels/reducer.py --entry 'col_max_sq(256, 128, 64, 64)' --remarks=A1 2>&1 | FileCheck %s --check-prefix=MAX
# RUN: %tltt run %S/../../e2e/kernels/reducer.py --entry 'row_min_v2(64, 128, 32, 64)' --device p150 | FileCheck %s --check-prefix=PASS

# SUM: remark: 'o[i]' accumulates over the T.Parallel loop 'j', which its index does not use: a T.reduce_sum along dim 1 of the terms, first stored in 'o_terms' into 'o', with clear=False [infer-layout.reducer]
# SUM: fill o, 0.0f
# SUM-NEXT: for k in serial(0 +: 4) {
# SUM: o_terms[i, j] = cast(float32, a[i, j])
# SUM: reduce_sum o_terms -> o, dim=1, clear=false
# SUM-NEXT: }
# SUM-NEXT: copy o -> B

# MAX: remark: 'o[j]' accumulates over the T.Parallel loop 'i', which its index does not use: a T.reduce_max along dim 0
# MAX: PASS
# PASS: PASS
