# DRAM-sharded tensors: shards sit one per DRAM bank in one row of banks, so a tensor split along
# one axis into at most that many shards compiles and runs (the host program creates the buffer
# with BufferType::DRAM and a shard grid over the banks). A split along both axes, or more shards
# than banks, is a located error at the kernel with a fix-it, and the fix-it's spelling compiles.
# RUN: %tltt compile %s --entry 'add(256, 256, "DRAM", [2, 2])' --verify-diagnostics
# RUN: %tltt run %s --entry 'add(256, 256, "DRAM", [2, 2])' --verify-diagnostics | FileCheck %s --check-prefix=VERIFIED
# RUN: not %tltt run %s --entry 'add(256, 256, "DRAM", [2, 2])' --diagnostics-format=json 2>&1 | FileCheck %s --check-prefix=JSON
# RUN: not %tltt compile %s --entry 'add(256, 1024, "DRAM", [16])' -o %t.banks 2>&1 | FileCheck %s --check-prefix=BANKS
# RUN: %tltt compile %s --entry 'add(256, 1024, "DRAM", [8])' -o %t && FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt run %s --entry 'add(256, 1024, "DRAM", [8])' | FileCheck %s --check-prefix=RAN
# RUN: %tltt run %s --entry 'add(256, 1024, "DRAM", [8])' --device p150 | FileCheck %s --check-prefix=RAN
# RUN: %tltt run %s --entry 'add(256, 256, "L1", [2, 2])' | FileCheck %s --check-prefix=RAN
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, memory, grid):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # expected-error@+2 {{DRAM-sharded tensor 'A' is split along both axes (2 x 2 shards); DRAM shards sit one per bank in a single row of 12 banks, so only one axis can be split}}
        # expected-note@+1 {{try nd_shard={"axes": [1], "grid": [8]} for 'A'}}
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 64)) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory=memory, layout="sharded",
                                             nd_shard={"axes": [0, 1] if len(grid) == 2 else [1],
                                                       "grid": grid})})
            for i, j in T.Parallel(64, 64):
                C[by * 64 + i, bx * 64 + j] = A[by * 64 + i, bx * 64 + j] + B[by * 64 + i, bx * 64 + j]

    return kernel

# VERIFIED: diagnostics verified; the kernel does not compile, nothing to run
# JSON: {"severity":"error","name":"","pass":"","file":"{{.*}}dram-sharded.py","line":25,"column":9,"message":"DRAM-sharded tensor 'A' is split along both axes
# JSON: FAIL reason=compile
# BANKS: dram-sharded.py:25:9: error: DRAM-sharded tensor 'A' has 16 shards, more than the 12 DRAM banks of wormhole_b0
# BANKS: note: try nd_shard={"axes": [1], "grid": [8]} for 'A'
# HOST: ShardSpecBuffer(CoreRangeSet(std::vector<CoreRange>{CoreRange({0, 0}, {7, 0})}), {256, 128},
# HOST: TensorMemoryLayout::WIDTH_SHARDED, BufferType::DRAM);
# RAN: PASS
