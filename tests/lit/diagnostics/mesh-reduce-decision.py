# A mesh annotation sharding K (A's dimension 1, B's dimension 0) asks for the tensor-parallel
# split of the GEMM's reduction loop: each device runs the whole block grid over 1/8 of K, C holds
# float32 partial sums and the host program all-reduces them with the emitted collectives. The
# command-line spelling gives the same decision; without --mesh the annotation is ignored.
# RUN: %tltt compile %examples/gemm_tensor_parallel.py --mesh 2x4 --remarks=infer-layout -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: ls %t | FileCheck %s --check-prefix=FILES
# RUN: %tltt compile %examples/gemm.py --mesh 2x4 --layout A=mesh=1 --layout B=mesh=0,mesh_axes=0x1 --remarks=infer-layout -o %t.cli 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %tltt compile %examples/gemm_tensor_parallel.py --remarks=infer-layout -o %t.one 2>&1 | FileCheck %s --check-prefix=ONE
# RUN: FileCheck %s --check-prefix=ONEPLAN < %t.one/tt.plan.json

# REMARK: remark: the reduction loop `ko` (8 iterations) is split over the 8 devices of the 2x4 mesh, 1 each; the block grid is not split: 'A' dim 1 split; 'B' dim 0 split; 'C' float32 partial sums on every device, all-reduced after the kernel [infer-layout.mesh]

# PLAN: "block_split": [
# PLAN-NEXT: 1,
# PLAN-NEXT: 1
# PLAN: "name": "A",
# PLAN-NEXT: "shape": [
# PLAN-NEXT: 256,
# PLAN-NEXT: 32
# PLAN: "mesh_dims": [
# PLAN-NEXT: -1,
# PLAN-NEXT: -2
# PLAN: "name": "C",
# PLAN-NEXT: "shape": [
# PLAN-NEXT: 256,
# PLAN-NEXT: 256
# PLAN: "dtype": "bfloat16"
# PLAN: "page_size": 4096
# PLAN: "mesh_partial": "float32"

# HOST: inline double all_reduce(
# HOST: distributed::MeshDevice::create(
# HOST-NEXT: distributed::MeshDeviceConfig(distributed::MeshShape(2, 4)));
# HOST: auto A_buffer = make_split_buffer(
# HOST: Every device's C holds float32 partial sums
# HOST: ccl::all_reduce(*mesh, C_buffer, C_sum, 8, ".", ccl::kFloat32);
# HOST: to_bfloat16(untilize_nfaces(tiled, 256, 256))

# FILES: ag_sender.cpp
# FILES: rs_ring_add.cpp
# FILES: tile_reader.cpp

# ONE-NOT: infer-layout.mesh
# ONEPLAN-NOT: mesh
