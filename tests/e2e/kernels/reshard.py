# Resharding between kernels (docs/layouts.md, "Resharding between kernels"): two T.Kernel
# launches of one function use the same tensor in different storages, and the host program
# copies it between them before the second launch. `height_to_block`: the first launch writes Y
# height-sharded in L1 (4 shards of rows), the second reads it block-sharded (2 x 2 shards).
# `l1_to_dram`: the first writes Y L1-sharded, the second reads it from DRAM, interleaved.
# `round_trip`: Y is uploaded interleaved in DRAM, updated in place height-sharded, read back
# from DRAM (a copy into the sharding, then one back after the last launch).
import tilelang
import tilelang.language as T

HEIGHT = {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0], "grid": [4]}}
BLOCK = {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}


@tilelang.jit(out_idx=[1, 2])
def height_to_block(M, N, bm, bn, first=HEIGHT, second=BLOCK):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16"),
               Z: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            T.annotate_layout({Y: first})
            x = T.alloc_fragment((bm, bn), "bfloat16")
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                x[i, j] = x[i, j] * 2.0
            T.copy(x, Y[by * bm, bx * bn])
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            T.annotate_layout({Y: second})
            y = T.alloc_fragment((bm, bn), "float32")
            T.copy(Y[by * bm, bx * bn], y)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = y[i, j] + 1.0
            T.copy(y, Z[by * bm, bx * bn])

    return kernel


def l1_to_dram(M, N, bm, bn):
    return height_to_block(M, N, bm, bn, first=HEIGHT, second={"memory": "DRAM"})


# The first writes Y to DRAM, the second reads it from L1, interleaved (on a mesh both launches
# split Y by rows alike, and each device copies its own rows, docs/multi-device.md).
def dram_to_l1(M, N, bm, bn):
    return height_to_block(M, N, bm, bn, first={"memory": "DRAM"}, second={"memory": "L1"})


@tilelang.jit(out_idx=[1])
def round_trip(M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_fragment((bm, bn), "bfloat16")
            T.copy(X[by * bm, bx * bn], x)
            T.copy(x, Y[by * bm, bx * bn])
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            T.annotate_layout({Y: HEIGHT})
            y = T.alloc_fragment((bm, bn), "bfloat16")
            T.copy(Y[by * bm, bx * bn], y)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = y[i, j] * 3.0
            T.copy(y, Y[by * bm, bx * bn])

    return kernel


kernel = height_to_block(256, 128, 32, 64)
