# L1-sharded tensors: B1 gives the host a shard spec and, when every block stays in one shard,
# runs each core on the blocks of its own shard (local_shard); main.cpp allocates the tensor
# with a ShardSpecBuffer (sharding_args or buffer_layout + shard_parameters, whichever the SDK
# has); the plan records the shard spec and the block rectangles.
# RUN: rm -rf %t && %tltt compile %s -o %t
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/main.cpp
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=READER --input-file %t/reader.cpp
# RUN: rm -rf %t && %tltt compile %s --layout 'A=memory=L1,layout=sharded,axes=0,grid=4' -o %t
# RUN: FileCheck %s --check-prefix=HEIGHT --input-file %t/main.cpp
# RUN: FileCheck %s --check-prefix=HEIGHTPLAN --input-file %t/tt.plan.json
# RUN: rm -rf %t && %tltt compile %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' -o %t 2>&1 | FileCheck %s --check-prefix=REMOTE
# RUN: FileCheck %s --check-prefix=REMOTEPLAN --input-file %t/tt.plan.json
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add_sharded(M, N, bm, bn):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # REMOTE: sharded.py:[[@LINE+1]]:9: warning: the blocks of this kernel are not local to the shards of 'A' ('A' and 'B' are sharded over different cores)
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                             nd_shard={"axes": [0, 1], "grid": [2, 2]})})
            for i, j in T.Parallel(bm, bn):
                C[by * bm + i, bx * bn + j] = A[by * bm + i, bx * bn + j] + B[by * bm + i, bx * bn + j]

    return kernel


kernel = add_sharded(256, 256, 64, 128)

# HOST: void set_sharding(Config& local, const ShardSpecBuffer& spec, TensorMemoryLayout layout) {
# HOST: if constexpr (requires { local.sharding_args; }) {
# HOST-NEXT: local.sharding_args = decltype(local.sharding_args)(spec, layout);
# HOST: local.shard_parameters = spec;
# HOST: // A: bfloat16[256, 256], input, L1 sharded, one 2048-byte tile per page.
# HOST-NEXT: // Shards of 128x128 elements, one per core, in row-major order.
# HOST-NEXT: auto A_buffer = make_sharded_buffer(
# HOST-NEXT: *mesh, 65536 * sizeof(uint16_t), 2048,
# HOST-NEXT: ShardSpecBuffer(CoreRangeSet(std::vector<CoreRange>{CoreRange({0, 0}, {1, 1})}), {128, 128},
# HOST-NEXT: ShardOrientation::ROW_MAJOR, {32, 32}, {8, 8}),
# HOST-NEXT: TensorMemoryLayout::BLOCK_SHARDED, BufferType::L1);
# HOST: auto B_buffer = make_buffer(*mesh, 65536 * sizeof(uint16_t), 2048, BufferType::DRAM);
# HOST: const CoreRangeSet cores(std::vector<CoreRange>{CoreRange({0, 0}, {1, 1})});
# Shard (r, c) is on core (c, r) and holds blocks by in [2r, 2r + 2), bx = c: ids 2r*2 + c + 2l.
# HOST: {0, 0, 0, 2},
# HOST-NEXT: {1, 0, 1, 2},
# HOST-NEXT: {0, 1, 4, 2},
# HOST-NEXT: {1, 1, 5, 2},

# PLAN: "name": "A",
# PLAN: "memory": "L1",
# PLAN-NEXT: "layout": "sharded",
# PLAN: "shard_spec": {
# PLAN-NEXT: "memory_layout": "BLOCK_SHARDED",
# PLAN-NEXT: "shard_shape": [
# PLAN-NEXT: 128,
# PLAN-NEXT: 128
# PLAN: "partition": {
# PLAN-NEXT: "mode": "local_shard",
# PLAN: "block_stride": {
# PLAN-NEXT: "width": 1,
# PLAN-NEXT: "row": 2

# READER: for (uint32_t local_id = 0; local_id < count; ++local_id) {
# READER-NEXT: const uint32_t block_id = start_id + local_id * 2;

# HEIGHT: ShardSpecBuffer(CoreRangeSet(std::vector<CoreRange>{CoreRange({0, 0}, {3, 0})}), {64, 256},
# HEIGHT: TensorMemoryLayout::HEIGHT_SHARDED, BufferType::L1);
# HEIGHTPLAN: "mode": "local_shard",
# HEIGHTPLAN-NOT: "block_stride"

# REMOTEPLAN: "name": "B",
# REMOTEPLAN: "layout": "sharded",
# REMOTEPLAN: "memory_layout": "WIDTH_SHARDED",
# REMOTEPLAN: "mode": "global",
