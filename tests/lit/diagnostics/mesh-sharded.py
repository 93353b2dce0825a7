# L1-sharded tensors on a mesh (docs/multi-device.md, "L1-sharded tensors on a mesh"): the
# nd_shard describes the whole tensor; each device of the chunk split holds its chunk and shards
# it over its own cores with the same shard shape, the shard grid being the chunk's. The
# height-sharded example (256 rows, grid 4: shards of 64 rows) on 1x2: each device's 128 rows in
# 2 shards; the block-sharded one (grid 2x2: 128x128 shards): each device's 128x256 chunk in 1x2
# (one row of shards: the device's buffer is width-sharded).
# The host program creates one MeshBuffer per tensor with a per-device shard spec.
# What stays a located error: a chunk that is not a whole number of shards, and a sharded
# tensor on a mesh split by block offsets (every device holds the whole tensor).
# RUN: %tltt compile %examples/tenstorrent/02_height_sharded.py --mesh 1x2 --remarks=infer-layout -o %t 2>&1 | FileCheck %s --check-prefix=HEIGHT
# RUN: FileCheck %s --check-prefix=HEIGHTHOST --input-file %t/main.cpp
# RUN: FileCheck %s --check-prefix=HEIGHTPLAN --input-file %t/tt.plan.json
# RUN: %tltt compile %examples/tenstorrent/04_block_sharded.py --mesh 1x2 --remarks=infer-layout -o %t2 2>&1 | FileCheck %s --check-prefix=BLOCK
# RUN: FileCheck %s --check-prefix=BLOCKHOST --input-file %t2/main.cpp
# RUN: not %tltt compile %s --entry 'add(256, 128, 32, 2)' --mesh 1x4 -o %t4 2>&1 | FileCheck %s --check-prefix=WHOLE
# RUN: not %tltt compile %s --entry 'add(160, 128, 32, 5)' --mesh 1x2 -o %t5 2>&1 | FileCheck %s --check-prefix=OFFSETS
# RUN: %tltt compile %s --entry 'add(256, 128, 32, 8)' --mesh 1x4 -o %t3
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, bm, shards):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, bm)) as (bx, by):
            # WHOLE: mesh-sharded.py:[[@LINE+2]]:35: error: tensor 'A' is split over the devices of the 1x4 mesh: each device holds 64 of the 256 elements of axis 0, which is not a whole number of its shards of 128 (grid 2); use a grid along axis 0 that is a multiple of 4, the devices along it
            # OFFSETS: mesh-sharded.py:[[@LINE+1]]:35: error: tensor 'A' is sharded over the cores, but the 1x2 mesh splits this kernel by block offsets (every device holds the whole tensor and runs its own range of block ids): sharded storages are served only by the chunk split; use an interleaved layout
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded", nd_shard={"axes": [0], "grid": [shards]})})
            for i, j in T.Parallel(bm, 64):
                C[by * bm + i, bx * 64 + j] = A[by * bm + i, bx * 64 + j] + B[by * bm + i, bx * 64 + j]

    return kernel


kernel = add(256, 128, 32, 8)
# HEIGHT: remark: tensor 'A': each device of the 1x2 mesh shards its chunk [128, 256] over 2 of its cores, shards of [64] elements along axes [0] (the whole tensor's grid [4])
# HEIGHT: remark: tensor 'C': each device of the 1x2 mesh shards its chunk [128, 256] over 2 of its cores
# HEIGHTHOST: auto A_buffer = make_split_sharded_buffer(
# HEIGHTHOST: {64, 256},
# HEIGHTHOST: TensorMemoryLayout::HEIGHT_SHARDED, BufferType::L1);
# HEIGHTHOST: EnqueueWriteMeshBuffer(cq, A_buffer, tiles, false);
# HEIGHTPLAN: "mesh_dims"
# HEIGHTPLAN: "mode": "local_shard"
# BLOCK: remark: tensor 'A': each device of the 1x2 mesh shards its chunk [128, 256] over 2 of its cores, shards of [128, 128] elements along axes [0, 1] (the whole tensor's grid [2, 2])
# BLOCKHOST: auto A_buffer = make_split_sharded_buffer(
# BLOCKHOST: {128, 128},
# BLOCKHOST: TensorMemoryLayout::WIDTH_SHARDED, BufferType::L1);
