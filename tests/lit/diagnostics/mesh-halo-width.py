# A halo exchange between the devices of a line mesh brings each device the rows its blocks read
# of its two neighbours' shards only. Here every block also reads the block row three below its
# own: on 1x4 (one block row per device) device 0 would need rows of device 3's shard, a located
# error whose fix-it is the largest line of devices whose shards hold the halo; applied, it
# compiles, with A sharded by rows and exchanged (the plan's mesh_halo).
# RUN: %tltt compile %s --mesh 1x4 --verify-diagnostics
# RUN: %tltt compile %s --mesh 1x2 --remarks=work-partition -o %t 2>&1 | FileCheck %s
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def far_window(M, N, block_M, block_N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // block_N, M // block_M - 3) as (bx, by):
            mid = T.alloc_shared((block_M, block_N), "bfloat16")
            far = T.alloc_shared((block_M, block_N), "bfloat16")
            c = T.alloc_fragment((block_M, block_N), "bfloat16")
            T.copy(A[by * block_M, bx * block_N], mid)
            # expected-error@+2 {{the blocks of a device read 1 tile row of 'A' beyond the shards of its neighbours on the 1x4 mesh}}
            # expected-note@+1 {{try `--mesh 1x2`: with 2 devices every shard holds the rows its neighbour's blocks read}}
            T.copy(A[(by + 3) * block_M, bx * block_N], far)
            for i, j in T.Parallel(block_M, block_N):
                c[i, j] = mid[i, j] + far[i, j]
            T.copy(c, C[by * block_M, bx * block_N])

    return kernel


kernel = far_window(224, 64, 32, 64)
# CHECK: remark: 'A' is not replicated over the mesh: device 0 owns pages [0, 6) and reads [0, 10); device 1 owns pages [6, 14) and reads [4, 14); each device holds {{[0-9]+}} of the 14 pages
# PLAN: "mesh_halo": {
