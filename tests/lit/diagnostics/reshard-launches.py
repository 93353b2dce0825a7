# Resharding between kernels (docs/layouts.md): the producer launch writes Y height-sharded in
# L1, the consumer reads it block-sharded, so the driver inserts a copy before device program 1
# (remark launches.reshard, the plan's `reshards`) and the host program allocates Y's second
# storage and runs the copy program between the launches. A scratch tensor kept in L1 by its
# producer and read from DRAM by its consumer is copied the same way (nothing to upload, nothing
# to copy back); a tensor uploaded in DRAM and updated in place height-sharded is copied into the
# sharding before the update and back after it, where the host reads it.
# RUN: %tltt compile %S/../../e2e/kernels/reshard.py --remarks=launches -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: ls %t | FileCheck %s --check-prefix=FILES
# RUN: %tltt compile %s --remarks=launches -o %t.scratch 2>&1 | FileCheck %s --check-prefix=SCRATCH
# RUN: %tltt run %s | FileCheck %s --check-prefix=PASS
# RUN: %tltt compile %S/../../e2e/kernels/reshard.py --entry "round_trip(256, 128, 32, 64)" --remarks=launches -o %t.trip 2>&1 | FileCheck %s --check-prefix=TRIP
# From DRAM the copy keeps the first min(pages, cores) cores (their reads beat the shard cores'):
# RUN: FileCheck %s --check-prefix=TRIP-HOST < %t.trip/main.cpp
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scratch_l1_to_dram(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        D = T.alloc_global((M, N), "float32")
        with T.Kernel(1) as bx:
            T.annotate_layout({D: {"memory": "L1"}})
            a = T.alloc_shared((M, N), "float32")
            T.copy(A, a)
            T.copy(a, D)
        with T.Kernel(1) as bx:
            d = T.alloc_shared((M, N), "float32")
            T.copy(D, d)
            T.copy(d, B)

    return kernel


kernel = scratch_l1_to_dram(32, 32)
# REMARK: reshard.py:28:9: remark: device program 1 uses 'Y' as bfloat16 L1 sharded (BLOCK_SHARDED, shards of 128x64) [256, 128], which device program 0 stores as bfloat16 L1 sharded (HEIGHT_SHARDED, shards of 64x128) [256, 128]: the host program copies its pages from that buffer into one of this storage first [launches.reshard]
# PLAN: "reshards": [
# PLAN-NEXT: {
# PLAN-NEXT: "tensor": "Y",
# PLAN-NEXT: "before": 1,
# PLAN-NEXT: "from": 0,
# PLAN-NEXT: "to": 1
# HOST: auto Y_s1_buffer = make_sharded_buffer(
# HOST: TensorMemoryLayout::BLOCK_SHARDED, BufferType::L1);
# The copy from L1 runs on the destination's shard cores, each reading its own shard's pages
# (core x, y, first page, tile rows, tiles per row, row stride: Y's 8 x 4 tiles in 2 x 2 shards
# of 4 x 2 tiles) into its L1:
# HOST: reshard_to_shards(cq, *Y_buffer, *Y_s1_buffer, 2048, {
# HOST-NEXT: {0, 0, 0, 4, 2, 4},
# HOST-NEXT: {1, 0, 2, 4, 2, 4},
# HOST-NEXT: {0, 1, 16, 4, 2, 4},
# HOST-NEXT: {1, 1, 18, 4, 2, 4},
# HOST-NEXT: });
# HOST-NEXT: // Device program 1
# HOST: TensorAccessorArgs(*Y_s1_buffer).append_to(reader_compile_args);
# HOST: SetRuntimeArgs(program, reader, core, {Y_s1_addr, w.start_id, w.count});
# FILES: reshard_reader.cpp
# FILES-NEXT: reshard_shard_reader.cpp
# FILES-NEXT: reshard_writer.cpp
# SCRATCH: remark: device program 1 uses 'D' as float32 DRAM interleaved [32, 32], which device program 0 stores as float32 L1 interleaved [32, 32]: the host program copies its pages {{.*}} [launches.reshard]
# SCRATCH-NOT: copies it back
# PASS: PASS pcc=
# TRIP: remark: device program 1 uses 'Y' as bfloat16 L1 sharded (HEIGHT_SHARDED, shards of 64x128) [256, 128], which device program 0 stores as bfloat16 DRAM interleaved [256, 128]: {{.*}} [launches.reshard]
# TRIP: remark: 'Y' is last written as bfloat16 L1 sharded (HEIGHT_SHARDED, shards of 64x128) [256, 128] by device program 1: the host program copies it back into its storage of device program 0 (bfloat16 DRAM interleaved [256, 128]), from where it reads the result [launches.reshard]
# TRIP-HOST: reshard(cq, *Y_buffer, *Y_s1_buffer, 32, 2048, tt::DataFormat::Float16_b, 8, 8);
# TRIP-HOST: reshard(cq, *Y_s1_buffer, *Y_buffer, 32, 2048, tt::DataFormat::Float16_b, 8, 8);
