# Several T.Kernel launches on a mesh (docs/multi-device.md, "Several launches"): each launch is
# split over the devices as a launch of its own, and a tensor the launches share must be split
# the same way by each, so that every device keeps its own chunk between the programs. Here the
# first launch splits the scratch partials by split (its outermost grid dimension, `bz`) and the
# second by rows (`by`): each device would need the other's partials, a located error. The
# scratch chain of tests/e2e/kernels/launches.py splits both launches by rows and compiles: its
# host program opens the mesh and runs both programs on every device.
# RUN: %tltt compile %s --mesh 1x2 --verify-diagnostics
# RUN: %tltt compile %S/../../e2e/kernels/launches.py --entry 'scratch_chain(128, 64, 32, 64)' --mesh 1x2 --remarks=infer-layout -o %t 2>&1 | FileCheck %s
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %S/../../e2e/kernels/reshard.py --entry 'dram_to_l1(128, 64, 32, 64)' --mesh 1x2 -o %t2
# RUN: FileCheck %s --check-prefix=RESHARD < %t2/main.cpp
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
        # expected-error@+1 {{tensor 'partials' is split (dimension 0 into 2 chunks; devices' chunks (0,0,0) (1,0,0)) over the 1x2 mesh by device program 0 but split (dimension 1 into 2 chunks; devices' chunks (0,0,0) (0,1,0)) by device program 1}}
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
