# Layout annotations (docs/layouts.md) are validated by infer-layout at the annotation.
# RUN: not %tltt compile %s --entry 'add(128, 128, "halo")' -o %t 2>&1 | FileCheck %s --check-prefix=HALO
# RUN: not %tltt compile %s --entry 'add(128, 128, "noshard")' -o %t 2>&1 | FileCheck %s --check-prefix=NOSHARD
# RUN: not %tltt compile %s --entry 'add(128, 128, "misaligned")' -o %t 2>&1 | FileCheck %s --check-prefix=MISALIGNED
# RUN: not %tltt compile %s --entry 'add(128, 128, "memory")' -o %t 2>&1 | FileCheck %s --check-prefix=MEMORY
# RUN: %tltt compile %s --entry 'add(128, 128, "l1")' --stop-after=infer-layout --print-after=infer-layout | FileCheck %s --check-prefix=L1
# RUN: %tltt compile %s --entry 'add(128, 128, "sharded")' --stop-after=work-partition --print-after=work-partition | FileCheck %s --check-prefix=SHARDED
# RUN: %tltt compile %s --entry 'add(128, 128, "ctor")' --stop-after=infer-layout --print-after=infer-layout | FileCheck %s --check-prefix=CTOR
# RUN: not %tltt compile %s --entry 'add(128, 128, "ctor_halo")' -o %t 2>&1 | FileCheck %s --check-prefix=CTORHALO
# RUN: not %tltt compile %s --entry 'add(128, 128, "none")' --layout 'B=memory=L1,layout=sharded' -o %t 2>&1 | FileCheck %s --check-prefix=CLI
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, case):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 32)) as (bx, by):
            if case == "halo":
                # HALO: layout-errors.py:[[@LINE+1]]:{{[0-9]+}}: error: a halo is given for A, which is not sharded
                T.annotate_layout({A: {"memory": "L1", "halo": 1}})
            if case == "noshard":
                # NOSHARD: layout-errors.py:[[@LINE+1]]:{{[0-9]+}}: error: L1 sharded buffer A requires nd_shard specification
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded"}})
            if case == "misaligned":
                # MISALIGNED: error: L1 sharded buffer A must be tile-aligned
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded",
                                       "nd_shard": {"axes": [0, 1], "grid": [2, 2],
                                                    "shard_shape_elems": [48, 64]}}})
            if case == "memory":
                # MEMORY: error: Invalid memory type for A: SRAM
                T.annotate_layout({A: {"memory": "SRAM"}})
            if case == "ctor":
                # CTOR: tensor B: bfloat16[128, 128] L1 interleaved
                T.annotate_layout({B: T.TTLayout(memory="L1")})
            if case == "ctor_halo":
                # CTORHALO: layout-errors.py:[[@LINE+1]]:{{[0-9]+}}: error: a halo is given for B, which is not sharded
                T.annotate_layout({B: T.TTLayout(memory="L1", layout="sharded", halo=[1, 1])})
            if case == "l1":
                # L1: tensor A: bfloat16[128, 128] L1 interleaved
                T.annotate_layout({A: {"memory": "L1"}})
            if case == "sharded":
                # SHARDED: tensor A: bfloat16[128, 128] L1 sharded
                # SHARDED-NEXT: nd_shard axes [0, 1] grid [2, 2] shard [64, 64] projected [2, 2] tiles [2, 2], aligned
                # SHARDED: partition local_shard
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded",
                                       "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})
            for i, j in T.Parallel(32, 64):
                C[by * 32 + i, bx * 64 + j] = A[by * 32 + i, bx * 64 + j] + B[by * 32 + i, bx * 64 + j]

    return kernel

# CLI: error: L1 sharded buffer B requires nd_shard specification
