# A convolution split over a mesh: each device's patch rows (T.im2col) reach image rows of the
# neighbouring device's part, so the kernel does not split into equal chunks; it is split by
# block offsets instead: every device holds the whole image (replicated) and runs its own range
# of the grid's block ids, and the output rows come back from the device that computed them
# (docs/multi-device.md, "Split by block offsets").
# RUN: %tltt compile %examples/convolution.py --mesh 1x2 --remarks=infer-layout -o %t 2>&1 | FileCheck %s
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# CHECK: convolution.py:24:9: remark: the block grid is split over the 2 devices of the 1x2 mesh by block offsets: its 4 blocks do not split into equal chunks each device's blocks read only from, so every device holds the whole tensors (inputs replicated) and runs its own range of block ids (offsets 0, 2, counts 2, 2, per-device runtime arguments); 'out' taken from the device that wrote each block
# PLAN: "block_offsets": [
# PLAN-NEXT: 0,
# PLAN-NEXT: 2
# PLAN: "block_counts": [
# PLAN-NEXT: 2,
# PLAN-NEXT: 2
# PLAN: "name": "data",
# PLAN-NOT: mesh_
# PLAN: "name": "out",
# PLAN: "mesh_block_dims": [
# PLAN-NEXT: 1,
# PLAN-NEXT: -1
# HOST: const std::vector<uint32_t> mesh_offsets = {0, 2};
# HOST: for (uint32_t d = 0; d < mesh_offsets.size(); ++d) {
# HOST: const std::vector<CoreWork> work = device_work(compiled_work, mesh_offsets[d], mesh_counts[d]);
# HOST: workload.add_program(distributed::MeshCoordinateRange(coord), std::move(program));
# HOST: put_blocks(whole,
