# A shard grid whose shards are not whole tiles: the fix-it is the nearest grid whose shards
# are (the same annotation as layout-fixit-halo.py's "nohalo" case).
# RUN: %tltt compile %s --entry 'add(128, 128, "bad")' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'add(128, 128, "bad")' -o %t 2> %t.err
# RUN: %python %S/Inputs/fixit_in_source.py %t.err %S/layout-fixit-halo.py
# The command-line form gets a --layout fix-it, which compiles as given:
# RUN: not %tltt compile %s --entry 'add(128, 128, "none")' --layout 'B=memory=L1,layout=sharded,axes=0x1,grid=2x3' -o %t 2>&1 | FileCheck %s --check-prefix=CLI
# RUN: %tltt compile %s --entry 'add(128, 128, "none")' --layout 'B=memory=L1,layout=sharded,axes=0x1,grid=2x2' -o %t
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, case):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 32)) as (bx, by):
            if case == "bad":
                # expected-error@+2 {{L1 sharded buffer A must be tile-aligned (shard extent 43 on axis 1 is not a multiple of 32)}}
                # expected-note@+1 {{try T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})}}
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [2, 3]}}})
            for i, j in T.Parallel(32, 64):
                C[by * 32 + i, bx * 64 + j] = A[by * 32 + i, bx * 64 + j] + B[by * 32 + i, bx * 64 + j]

    return kernel

# CLI: <command line>: error: L1 sharded buffer B must be tile-aligned (shard extent 43 on axis 1 is not a multiple of 32)
# CLI-NEXT: <command line>: note: try --layout 'B=memory=L1,layout=sharded,axes=0x1,grid=2x2'
