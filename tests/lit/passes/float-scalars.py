# Kernel-local float scalars used as operands of tile compute (issue 13). A1
# (passes/scalar_vars.h, scalar_stores.cc) copies each tensor element a float scalar is assigned
# from into a one-element block, whose tile holds the value at (0, 0) (a run copy, also off the
# tile grid); B3 computes the scalar's other assignments as tile work on that block and reads it
# in T.Parallel nests as a scalar broadcast. Kernels: tests/e2e/kernels/float_scalars.py.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %tltt compile %S/../../e2e/kernels/float_scalars.py --print-after=A1 --stop-after=A1 2>&1 | FileCheck %s --check-prefix=GATE
# RUN: %tltt compile %S/../../e2e/kernels/float_scalars.py --print-after=B3 --stop-after=B3 2>&1 | FileCheck %s --check-prefix=GATEB
# The last row's gate (an element of a tensor also read as per-row runs), then updated from
# itself: one tile op on the scalar's own block.
# GATE-LABEL: IR after infer-layout (A1)
# GATE: alloc last: var float32[1, 32] {tt.scalar_element = true, tt.vector = "col"}
# GATE: copy G[1 +: 1, hd +: 1, r * 32 + 32 - 3 +: 1, 0 +: 32] -> last
# GATE: last[0, 0] = exp2(last[0, 0] * 0.5f) + 1.0f
# GATEB-LABEL: IR after lower-to-sfpu (B3)
# GATEB: tt.sfpu(region(last), region(last), tile.add(tile.exp2(tile.mul(tile.bcast_scalar(region(last)), 0.5f)), 1.0f))
# GATEB-NEXT: tt.sfpu(region(x), region(last), region(x), tile.mul(region(x), tile.bcast_scalar(region(last))))
# A running maximum over tensor elements: each element its own one-element block, copied before
# the assignment that reads it; the scalar's start value is a fill.
# RUN: %tltt compile %S/../../e2e/kernels/float_scalars.py --entry 'split_weights(2, 3, 64)' --print-after=A1 --stop-after=A1 2>&1 | FileCheck %s --check-prefix=MAX
# RUN: %tltt compile %S/../../e2e/kernels/float_scalars.py --entry 'split_weights(2, 3, 64)' --print-after=B3 --stop-after=B3 2>&1 | FileCheck %s --check-prefix=MAXB
# MAX-LABEL: IR after infer-layout (A1)
# MAX: top[0, 0] = float32(-inf)
# MAX: alloc L_elem: shared float32[1, 32] {tt.scalar_element = true, tt.vector = "col"}
# MAX-NEXT: copy L[b +: 1, k +: 1, 0 +: 1, 0 +: 32] -> L_elem
# MAX-NEXT: top[0, 0] = max(top[0, 0], L_elem[0, 0])
# MAXB-LABEL: IR after lower-to-sfpu (B3)
# MAXB: tt.sfpu(region(top), float32(-inf))
# MAXB: tt.sfpu(region(top), region(L_elem), region(top), tile.max(tile.bcast_scalar(region(top)), tile.bcast_scalar(region(L_elem))))
# A float let of integer kernel values: compute evaluates it and fills DST tiles with it.
# RUN: %tltt compile %S/../../e2e/kernels/float_scalars.py --entry 'valid_mean(100, 64)' -o %t/mean
# RUN: FileCheck %s --check-prefix=MEAN --input-file %t/mean/compute.cpp
# MEAN: const float inv = 1.0f / static_cast<float>(static_cast<int32_t>(n));
# MEAN: fill_tile(0, inv * 2.0f);
# MEAN: fill_tile(1, inv);
# A vector every element of which holds the head's value is a one-element scalar.
# RUN: %tltt compile %S/../../e2e/kernels/float_scalars.py --entry 'head_bias(2, 64, 64)' --print-after=A1 --stop-after=A1 2>&1 | FileCheck %s --check-prefix=UNI
# UNI: alloc sv: fragment float32[1, 32] {tt.scalar_element = true, tt.vector = "col"}
# UNI-NEXT: copy S[hd +: 1, 0 +: 1, 0 +: 32] -> sv
# UNI: m[i, 0] = exp2(sv[0, 0] * 1.5f - m[i, 0])
# A sum of products in a serial loop inside a T.Parallel nest: the nest's first statement, then
# a T.gemm accumulating into the block.
# RUN: %tltt compile %S/../../e2e/kernels/float_scalars.py --entry 'mixed_rows(2, 64, 64)' --print-after=A1 --stop-after=A1 --remarks=A1 2>&1 | FileCheck %s --check-prefix=GEMM
# GEMM: remark: the loop over 'k' sums products of 'a' and 'b' into 'y' element by element: a T.gemm (transpose_A=true, transpose_B=false, clear_accum=false) [infer-layout.parallel-gemm]
# GEMM: y[i, j] = c[i, 0] * 0.5f
# GEMM: gemm a, b -> y transpose_a
