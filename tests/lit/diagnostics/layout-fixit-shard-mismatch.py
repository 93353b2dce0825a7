# N-D shards that do not tile the tensor: the error names the axis, the grid and the shard
# extent; the fix-it is a grid/shard that tiles it.
# RUN: %tltt compile %s --entry 'add(128, 128, "bad")' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'add(128, 128, "bad")' -o %t 2> %t.err
# RUN: %python %S/Inputs/fixit_in_source.py %t.err %s
# RUN: %tltt compile %s --entry 'add(128, 128, "fixed")' -o %t
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, case):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 32)) as (bx, by):
            if case == "bad":
                # expected-error@+2 {{shards of A do not tile the tensor: axis 1 has 128 elements but the grid 2 x shard 32 covers 64}}
                # expected-note@+1 {{try T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2], "shard_shape_elems": [64, 64]}}})}}
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [2, 2], "shard_shape_elems": [64, 32]}}})
            if case == "fixed":
                T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2], "shard_shape_elems": [64, 64]}}})
            for i, j in T.Parallel(32, 64):
                C[by * 32 + i, bx * 64 + j] = A[by * 32 + i, bx * 64 + j] + B[by * 32 + i, bx * 64 + j]

    return kernel
