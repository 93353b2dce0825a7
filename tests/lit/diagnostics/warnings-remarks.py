# Named warnings, -W flags, remarks and the JSON format (docs/diagnostics.md). Sharding B over
# other cores than A makes B1 fall back to a global partition with the sharding-fallback warning.
# RUN: %tltt compile %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' --remarks=B1 --verify-diagnostics
# RUN: not %tltt compile %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' -Werror -o %t 2>&1 | FileCheck %s --check-prefix=WERROR
# RUN: not %tltt compile %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' -Werror=sharding-fallback -o %t 2>&1 | FileCheck %s --check-prefix=WERROR
# RUN: %tltt compile %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' -Wno-sharding-fallback -o %t 2>&1 | count 0
# RUN: %tltt compile %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' --remarks --diagnostics-format=json -o %t 2>&1 | %python %S/../../docs/validate_json_diagnostics.py %S/../../../docs/diagnostics.schema.json
# RUN: %tltt compile %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' --remarks=C1 --diagnostics-format=json -o %t 2>&1 | FileCheck %s --check-prefix=JSON
# RUN: not %tltt compile %s -Wbogus -o %t 2>&1 | FileCheck %s --check-prefix=BOGUS
# `tltt run` takes -W and --remarks too; the promoted warning stops it before anything runs:
# RUN: not %tltt run %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' -Werror --remarks=B1 2>&1 | FileCheck %s --check-prefix=VIARUNCMD
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add_sharded(M, N, bm, bn):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # expected-warning@+4 {{the blocks of this kernel are not local to the shards of 'A' ('A' and 'B' are sharded over different cores)}}
        # expected-remark@+3 {{partition global: 8 blocks on 8 of the 64 cores (grid 8x1), 1 to 1 contiguous blocks each (the shards are not local to the blocks)}}
        # expected-remark@+2 {{order row_major: one block per core, the cores laid out as the block grid}}
        # WERROR: warnings-remarks.py:[[@LINE+1]]:9: error: the blocks of this kernel are not local to the shards of 'A' {{.*}} [-Werror=sharding-fallback]
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                             nd_shard={"axes": [0, 1], "grid": [2, 2]})})
            for i, j in T.Parallel(bm, bn):
                C[by * bm + i, bx * bn + j] = A[by * bm + i, bx * bn + j] + B[by * bm + i, bx * bn + j]

    return kernel


kernel = add_sharded(256, 256, 64, 128)
# JSON: {"severity":"warning","name":"sharding-fallback","pass":"work-partition","file":"{{.*}}warnings-remarks.py","line":26,"column":9,"message":"the blocks of this kernel are not local to the shards of 'A'
# JSON: {"severity":"remark","name":"shared-to-cb.cb-depth","pass":"shared-to-cb","file":"{{.*}}warnings-remarks.py","line":29,
# VIARUNCMD: warnings-remarks.py:26:9: error: the blocks of this kernel are not local to the shards of 'A' {{.*}} [-Werror=sharding-fallback]
# VIARUNCMD: warnings-remarks.py:26:9: remark: partition global: 8 blocks
# VIARUNCMD: FAIL reason=compile
# BOGUS: tltt: error: unknown warning option '-Wbogus' (known warnings: sharding-fallback)
# `tltt run` takes --verify-diagnostics (checked before anything runs) and --diagnostics-format=json (stderr):
# RUN: %tltt run %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' --remarks=B1 --verify-diagnostics | FileCheck %s --check-prefix=RUNVERIFY
# RUN: not %tltt run %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' --remarks=B1,E1 --verify-diagnostics 2>&1 | FileCheck %s --check-prefix=RUNMISMATCH
# RUN: %tltt run %s --layout 'B=memory=L1,layout=sharded,axes=1,grid=4' --remarks --diagnostics-format=json 2>&1 >/dev/null | %python %S/../../docs/validate_json_diagnostics.py %S/../../../docs/diagnostics.schema.json
# RUNVERIFY: PASS
# RUNMISMATCH: warnings-remarks.py:20:5: error: unexpected remark: kernel_reader reads 4 runtime argument(s)
# RUNMISMATCH: FAIL reason=diagnostics
