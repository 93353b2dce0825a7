# Halo exchange between the shards of an L1-sharded tensor. Block row `by` of C (interior rows
# only) adds the block rows above and below it in A, which lie in the adjacent shards. With the
# halo declared in nd_shard, each core computes the blocks of its own shard (partition
# local_shard) and its reader fetches the halo rows from the neighbouring cores' L1 over the
# NoC; A is an input, written before the kernel starts, so the neighbours' data is valid.
# RUN: %tltt run %s --entry 'window(128, 128, "halo")' --remarks=B1 2>&1 | FileCheck %s --check-prefix=HALO
# RUN: %tltt run %s --entry 'window(128, 128, "halo")' --device p150 | FileCheck %s
# What the exchange cannot serve is an error with a fix-it; each fix-it, applied, runs:
# RUN: %tltt compile %s --entry 'window(128, 128, "wide")' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'window(128, 128, "wide")' -o %t 2> %t.err
# RUN: %python %S/Inputs/fixit_in_source.py %t.err %s
# RUN: %tltt run %s --entry 'window(128, 128, "wide_fixed")' | FileCheck %s
# RUN: not %tltt compile %s --entry 'window(128, 128, "partial")' -o %t 2> %t.err
# RUN: FileCheck %s --check-prefix=PARTIAL < %t.err
# RUN: %python %S/Inputs/fixit_in_source.py %t.err %s
# RUN: %tltt run %s --entry 'window(128, 128, "partial_fixed")' | FileCheck %s
# The remaining limit: blocks reading past the declared halo (here a halo of columns where rows
# are read) are not local to one shard, so the work falls back to all cores reading A remotely
# (still correct), and the warning says which halo they would need:
# RUN: %tltt run %s --entry 'window(128, 128, "short")' 2>&1 | FileCheck %s --check-prefix=SHORT
# Without a halo the shards are read remotely the same way (layout-fixit-shard-unaligned.py
# compiles the "nohalo" annotation).
# RUN: %tltt run %s --entry 'window(128, 128, "nohalo")' | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def window(M, N, case):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        # C's first and last block rows are not written: they have no row above (below).
        with T.Kernel(N // 64, M // 32 - 2) as (bx, by):
            if case == "halo":
                # HALO: remark: partition local_shard: 4 blocks on the 8 cores of the shard grid of 'A'
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [4, 2], "halo": [32, 0]}},
                                   C: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [4, 2]}}})
            if case == "wide":
                # expected-error@+2 {{the halo of A on axis 0 (64 elements) is wider than its shards (32 elements): a core's halo is exchanged with its adjacent shards only}}
                # expected-note@+1 {{try T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2], "halo": [64, 0]}}})}}
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [4, 2], "halo": [64, 0]}}})
            if case == "wide_fixed":
                T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2], "halo": [64, 0]}}})
            if case == "partial":
                # PARTIAL: layout-fixit-halo.py:[[@LINE+2]]:{{[0-9]+}}: error: the halo of A on axis 0 is 16 elements, not a multiple of 32: tiles are moved whole, so the exchange serves halos of whole tile rows or columns
                # PARTIAL: layout-fixit-halo.py:[[@LINE+1]]:{{[0-9]+}}: note: try T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [4, 2], "halo": [32, 0]}}})
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [4, 2], "halo": [16, 0]}}})
            if case == "partial_fixed":
                T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [4, 2], "halo": [32, 0]}}})
            if case == "short":
                # SHORT: warning: the blocks of this kernel are not local to the shards of 'A' (block 0 reads rows 0..95 and columns 0..63 of 'A', which need a halo of 32 x 0 around its shard (rows x columns); the declared halo is 0 x 32)
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [4, 2], "halo": [0, 32]}},
                                   C: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [4, 2]}}})
            if case == "nohalo":
                T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})
            up = T.alloc_shared((32, 64), "bfloat16")
            mid = T.alloc_shared((32, 64), "bfloat16")
            dn = T.alloc_shared((32, 64), "bfloat16")
            s = T.alloc_fragment((32, 64), "bfloat16")
            c = T.alloc_fragment((32, 64), "bfloat16")
            T.copy(A[by * 32, bx * 64], up)
            T.copy(A[(by + 1) * 32, bx * 64], mid)
            T.copy(A[(by + 2) * 32, bx * 64], dn)
            for i, j in T.Parallel(32, 64):
                s[i, j] = up[i, j] + dn[i, j]
            for i, j in T.Parallel(32, 64):
                c[i, j] = s[i, j] + mid[i, j]
            T.copy(c, C[(by + 1) * 32, bx * 64])

    return kernel

# CHECK: PASS
