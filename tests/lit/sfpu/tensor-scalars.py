# Tensors read only as scalars at block indices (`s[0] = S[bz]`, a kernel local `w = W[bz, 1]`,
# `W[bz, 0]` in a 1-D nest, `S[bz]` in a 2-D nest) are stored one element per tile (a trailing
# unit dimension: per-element vector tiles, the value at (0, 0)); A1 copies each element's tile
# into a one-element vector before its statement or nest (the bare `s[0] = S[bz]` is the copy
# itself, and so is `v[i] = W[bz, 0]`, a vector of one value made a scalar), and B3 reads that vector as a scalar broadcast. Kernel:
# tests/e2e/kernels/tensor_scalars.py (run end to end by e2e_tensor_scalars_*).
# RUN: %tltt compile %S/../../e2e/kernels/tensor_scalars.py --stop-after=A1 --print-after=A1 | FileCheck %s
# RUN: %tltt compile %S/../../e2e/kernels/tensor_scalars.py -o %t && FileCheck %s --check-prefix=COMPUTE < %t/compute.cpp

# CHECK: tensor S: float32[3, 1] DRAM interleaved, col vector [3, 32, 32]
# CHECK: tensor W: float32[3, 2, 1] DRAM interleaved, col vector [3, 2, 32, 32]
# CHECK: alloc s: fragment float32[1, 32] {tt.scalar_element = true, tt.vector = "col"}
# CHECK: copy S[bz +: 1, 0 +: 1, 0 +: 32] -> s
# CHECK-NEXT: alloc W_elem: shared float32[1, 32] {tt.scalar_element = true, tt.vector = "col"}
# CHECK-NEXT: copy W[bz +: 1, 1 +: 1, 0 +: 1, 0 +: 32] -> W_elem
# CHECK-NEXT: copy W[bz +: 1, 0 +: 1, 0 +: 1, 0 +: 32] -> v
# CHECK: y[i, j] = cast(float32, x[i, j]) * s[0, 0] + W_elem[0, 0] - S_elem[0, 0] * 0.5f
# CHECK: r[i_1, 0] = r[i_1, 0] * v[0, 0] + W_elem[0, 0]
# CHECK-NOT: let w

# COMPUTE: unary_bcast_init<BroadcastType::SCALAR>
# COMPUTE: unary_bcast<BroadcastType::SCALAR>(
