# A convolution split over a mesh: each device's patch rows (T.im2col) reach image rows of the
# neighbouring device's part, so the kernel does not split into equal chunks; it is split by
# block offsets instead: every device runs its own range of the grid's block ids, and the output
# rows come back from the device that computed them (docs/multi-device.md, "Split by block
# offsets"). On the 1x2 line the image is sharded by rows: each device holds its own 8 image
# rows (one tile row each, W = 16 padded to a tile) and receives the one row its patches read of
# the other's over the fabric (a halo exchange, "Halo exchange").
# RUN: %tltt compile %examples/convolution.py --mesh 1x2 --remarks=infer-layout,work-partition -o %t 2>&1 | FileCheck %s
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# CHECK: convolution.py:26:9: remark: the block grid is split over the 2 devices of the 1x2 mesh by block offsets: its 4 blocks do not split into equal chunks each device's blocks read only from, so every device runs its own range of block ids (offsets 0, 2, counts 2, 2, per-device runtime arguments; devices in snake order over the mesh) on the whole tensors (inputs replicated, or sharded by rows with a halo exchange: remark `work-partition.halo`); 'out' taken from the device that wrote each block
# CHECK: remark: 'data' is not replicated over the mesh: device 0 owns pages [0, 8) and reads [0, 9); device 1 owns pages [8, 16) and reads [7, 16); each device holds 16 of the 16 pages
# PLAN: "block_offsets": [
# PLAN-NEXT: 0,
# PLAN-NEXT: 2
# PLAN: "block_counts": [
# PLAN-NEXT: 2,
# PLAN-NEXT: 2
# PLAN: "name": "data",
# PLAN: "mesh_halo": {
# PLAN: "name": "out",
# PLAN: "mesh_block_dims": [
# PLAN-NEXT: 1,
# PLAN-NEXT: -1
# HOST: const ccl::HaloPlan data_halo{{[{][{]}}0, 8, 16}, {0, 7}, {9, 16}, {0, 0}};
# HOST: halo_windows(tilize_nfaces(host,
# HOST: ccl::halo_exchange(*mesh, data_buffer, data_halo,
# HOST: const std::vector<uint32_t> mesh_offsets = {0, 2};
# HOST: for (uint32_t d = 0; d < mesh_offsets.size(); ++d) {
# HOST: const uint32_t data_addr = data_base_addr - data_halo.window_first[d] / 12 * 2048;
# HOST: const std::vector<CoreWork> work = device_work(compiled_work, mesh_offsets[d], mesh_counts[d]);
# HOST: workload.add_program(distributed::MeshCoordinateRange(coord), std::move(program));
# HOST: put_blocks(whole,
