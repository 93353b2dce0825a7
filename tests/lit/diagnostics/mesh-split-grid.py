# `--mesh RxC` splits the T.Kernel grid over the devices, outermost dimension first, into equal
# chunks when it can; a grid that does not divide evenly is split by block offsets (each device
# a range of block ids, the counts differing by at most one); a grid with fewer blocks than
# devices is an error at the T.Kernel whose fix-it is the largest part of the mesh with a block
# per device; applied, it compiles. The plan records the mesh and each tensor's split.
# RUN: %tltt compile %s --entry 'add(96, 128)' --mesh 2x4 --verify-diagnostics
# RUN: %tltt compile %s --entry 'add(96, 128)' --mesh 2x3 -o %t
# RUN: %tltt compile %s --entry 'add(256, 128)' --mesh 2x4 --remarks=infer-layout -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: %tltt compile %s --entry 'add(160, 128)' --mesh 2x4 --remarks=infer-layout -o %t2 2>&1 | FileCheck %s --check-prefix=UNEVEN
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((32, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # expected-error@+2 {{the T.Kernel grid has 6 blocks, fewer than the 8 devices of the 2x4 mesh}}
        # expected-note@+1 {{try `--mesh 2x3`: the grid's 6 blocks give each of its 6 devices at least one}}
        with T.Kernel(N // 64, M // 32) as (bx, by):
            for i, j in T.Parallel(32, 64):
                C[by * 32 + i, bx * 64 + j] = A[by * 32 + i, bx * 64 + j] + B[i, bx * 64 + j]

    return kernel

# REMARK: remark: the block grid is split over the 8 devices of the 2x4 mesh (`by` 8 -> 8 x 1; each device a contiguous range of block ids): 'A' split (dim 0 by `by`); 'B' replicated; 'C' split (dim 0 by `by`)
# UNEVEN: remark: the block grid is split over the 8 devices of the 2x4 mesh by block offsets: its 10 blocks {{.*}} (offsets 0, 2, 4, 5, 6, 7, 8, 9, counts 2, 2, 1, 1, 1, 1, 1, 1, per-device runtime arguments; devices in snake order over the mesh) on the whole tensors {{.*}}; 'C' taken from the device that wrote each block
# PLAN: "mesh": {
# PLAN-NEXT: "shape": [
# PLAN-NEXT: 2,
# PLAN-NEXT: 4
# PLAN: "block_split": [
# PLAN-NEXT: 1,
# PLAN-NEXT: 8
# PLAN: "name": "A",
# PLAN-NEXT: "shape": [
# PLAN-NEXT: 32,
# PLAN-NEXT: 128
# PLAN: "mesh_dims": [
# PLAN-NEXT: 1,
# PLAN-NEXT: -1
# PLAN: "name": "B",
# PLAN-NOT: mesh_dims
# PLAN: "name": "C",
