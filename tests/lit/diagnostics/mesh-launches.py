# Several T.Kernel launches on a mesh (docs/multi-device.md, "Several launches"): each launch is
# split over the devices as a launch of its own. A tensor two launches hold the same way stays on
# each device (the scratch chain of tests/e2e/kernels/launches.py: both launches split by rows).
# One they hold differently is all-gathered over the fabric between them and every device copies
# its chunk of the next split out of the whole (tests/e2e/kernels/mesh_gather.py: rows, then
# columns); partial sums of a tensor-parallel launch are all-reduced after it and a later launch
# copies its chunk out of the sum. What stays a located error here: the first launch splits the
# 3-D scratch partials by split (its outermost grid dimension, `bz`) and the second by rows; the
# copy between splits moves rectangles of tiles of matrices only.
# RUN: %tltt compile %s --mesh 1x2 --verify-diagnostics
# RUN: %tltt compile %S/../../e2e/kernels/launches.py --entry 'scratch_chain(128, 64, 32, 64)' --mesh 1x2 --remarks=infer-layout -o %t 2>&1 | FileCheck %s
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %S/../../e2e/kernels/reshard.py --entry 'dram_to_l1(128, 64, 32, 64)' --mesh 1x2 -o %t2
# RUN: FileCheck %s --check-prefix=RESHARD < %t2/main.cpp
# RUN: %tltt compile %S/../../e2e/kernels/mesh_gather.py --entry 'rows_then_cols(64, 64, 32, 32)' --mesh 1x2 --remarks=launches -o %t3 2>&1 | FileCheck %s --check-prefix=GATHER
# RUN: FileCheck %s --check-prefix=GATHER-HOST < %t3/main.cpp
# RUN: %tltt compile %S/../../e2e/kernels/mesh_gather.py --entry 'tp_then_scale(64, 64, 256, 32, 32, 32)' --mesh 1x2 --remarks=launches -o %t4 2>&1 | FileCheck %s --check-prefix=REDUCE
# RUN: FileCheck %s --check-prefix=REDUCE-HOST < %t4/main.cpp
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def partial_sum(M, N, bm, bn, splits):

    @T.prim_func
    def kernel(A: T.Tensor((splits, M, N), "float32"), C: T.Tensor((M, N), "float32")):
        partials = T.alloc_global((splits, M, N), "float32")
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), splits) as (bx, by, bz):
            a = T.alloc_fragment((bm, bn), "float32")
            T.copy(A[bz, by * bm, bx * bn], a)
            for i, j in T.Parallel(bm, bn):
                a[i, j] = a[i, j] * 2.0
            T.copy(a, partials[bz, by * bm, bx * bn])
        # expected-error@+1 {{tensor 'partials' is split (dimension 0 into 2 chunks; devices' chunks (0,0,0) (1,0,0)) over the 1x2 mesh by device program 0 but split (dimension 1 into 2 chunks; devices' chunks (0,0,0) (0,1,0)) by device program 1: its devices need parts other devices hold, which the host program all-gathers over the fabric only for a matrix of whole tiles in interleaved storage, and it has 3 dimensions (only matrices are gathered): not done yet}}
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            total = T.alloc_fragment((bm, bn), "float32")
            part = T.alloc_fragment((bm, bn), "float32")
            T.clear(total)
            for s in T.serial(splits):
                T.copy(partials[s, by * bm, bx * bn], part)
                for i, j in T.Parallel(bm, bn):
                    total[i, j] += part[i, j]
            T.copy(total, C[by * bm, bx * bn])

    return kernel


kernel = partial_sum(64, 64, 32, 32, 2)
# CHECK: remark: the block grid is split over the 2 devices of the 1x2 mesh (`by` 4 -> 2 x 2; each device a contiguous range of block ids): 'X' split (dim 0 by `by`); 'doubled' split (dim 0 by `by`)
# CHECK: remark: the block grid is split over the 2 devices of the 1x2 mesh (`by` 4 -> 2 x 2; each device a contiguous range of block ids): 'X' split (dim 0 by `by`); 'Y' split (dim 0 by `by`); 'doubled' split (dim 0 by `by`)
# HOST: It runs on a 1x2 mesh: every launch is split over the devices
# HOST: distributed::MeshShape(1, 2)
# HOST: auto doubled_buffer = make_split_buffer(*mesh,
# HOST: // Device program 0:
# HOST: distributed::MeshCoordinateRange(mesh->shape())
# HOST: // Device program 1:
# HOST: distributed::MeshCoordinateRange(mesh->shape())
# RESHARD: auto Y_s1_buffer = make_split_buffer(*mesh, {{.*}}, BufferType::L1);
# RESHARD: reshard(cq, *Y_buffer, *Y_s1_buffer,
# GATHER: remark: device program 1 uses 'X' as float32 DRAM interleaved [64, 32], which device program 0 stores as float32 DRAM interleaved [32, 64]: the devices hold it split (dimension 0 into 2 chunks; devices' chunks (0,0) (1,0)) there and split (dimension 1 into 2 chunks; devices' chunks (0,0) (0,1)) here, so the host program all-gathers its chunks over the fabric first (every device then holds the whole tensor), and every device copies its part of this storage out of the whole tensor [launches.reshard]
# GATHER: remark: device program 1 uses 'doubled' {{.*}} all-gathers its chunks over the fabric first
# The all-gather gives each device both row chunks (2 tiles each, device d's at tile 2 * d); then
# device d copies column d of each: one tile from each row chunk (source tile, destination tile).
# GATHER-HOST: // Device program 0:
# GATHER-HOST: auto X_s1_gathered = ccl::dram_buffer(*mesh, 4, X_s1_tile);
# GATHER-HOST: ccl::all_gather(*mesh, X_buffer, X_s1_gathered, 2, ".", X_s1_tile);
# GATHER-HOST: std::printf("all-gather of X: %.2f us\n", X_s1_us);
# GATHER-HOST: mesh_take(cq, *X_s1_gathered, *X_s1_buffer, 4096, tt::DataFormat::Float32, 8, {
# GATHER-HOST-NEXT: {0, 0, 1, 1, 2, 0, 1},
# GATHER-HOST-NEXT: {0, 2, 1, 1, 2, 1, 1},
# GATHER-HOST-NEXT: {1, 1, 1, 1, 2, 0, 1},
# GATHER-HOST-NEXT: {1, 3, 1, 1, 2, 1, 1},
# GATHER-HOST: ccl::all_gather(*mesh, doubled_buffer, doubled_s1_gathered, 2, ".", doubled_s1_tile);
# GATHER-HOST: // Device program 1:
# REDUCE: remark: device program 1 uses 'acc_sum' as float32 DRAM interleaved [32, 64], which device program 0 stores as float32 DRAM interleaved [64, 64]: the host program all-reduces its partial sums over the fabric after that program, and every device copies its part of this storage out of the sum [launches.reshard]
# REDUCE-HOST: // Device program 0:
# REDUCE-HOST: ccl::all_reduce(*mesh, acc_sum_buffer, acc_sum_sum, 2, ".", ccl::kFloat32);
# REDUCE-HOST: mesh_take(cq, *acc_sum_sum, *acc_sum_s1_buffer, 4096, tt::DataFormat::Float32, 8, {
# REDUCE-HOST-NEXT: {0, 0, 1, 2, 2, 0, 2},
# REDUCE-HOST-NEXT: {1, 2, 1, 2, 2, 0, 2},
# REDUCE-HOST: // Device program 1:
