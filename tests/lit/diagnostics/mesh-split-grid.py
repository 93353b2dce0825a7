# `--mesh RxC` splits the T.Kernel grid over the devices, outermost dimension first; a grid that
# does not divide evenly over the devices is an error at the T.Kernel. The same kernel with a
# divisible grid is split (remark), and the plan records the mesh and each tensor's split. The
# error's fix-it is the largest part of the mesh the grid splits over; applied, it compiles.
# RUN: %tltt compile %s --entry 'add(96, 128)' --mesh 2x4 --verify-diagnostics
# RUN: %tltt compile %s --entry 'add(96, 128)' --mesh 2x3 -o %t
# RUN: %tltt compile %s --entry 'add(256, 128)' --mesh 2x4 --remarks=infer-layout -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((32, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # expected-error@+2 {{the T.Kernel grid (`by` 3, `bx` 2, outermost first) cannot be split evenly over the 8 devices of the 2x4 mesh}}
        # expected-note@+1 {{try `--mesh 2x3`: the grid's 6 blocks split evenly over its 6 devices}}
        with T.Kernel(N // 64, M // 32) as (bx, by):
            for i, j in T.Parallel(32, 64):
                C[by * 32 + i, bx * 64 + j] = A[by * 32 + i, bx * 64 + j] + B[i, bx * 64 + j]

    return kernel

# REMARK: remark: the block grid is split over the 8 devices of the 2x4 mesh (`by` 8 -> 8 x 1; each device a contiguous range of block ids): 'A' split (dim 0 by `by`); 'B' replicated; 'C' split (dim 0 by `by`)
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
