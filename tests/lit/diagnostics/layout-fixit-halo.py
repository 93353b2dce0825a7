# A halo in the N-D shard spec: not supported and not needed (neighbouring shards are
# read through the sharded TensorAccessor); the fix-it is the annotation without it.
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
                # expected-error@+2 {{Halo metadata not supported for A}}
                # expected-note@+1 {{try T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}}) (no halo is needed}}
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [2, 2], "halo": [1, 1]}}})
            if case == "fixed":
                T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})
            for i, j in T.Parallel(32, 64):
                C[by * 32 + i, bx * 64 + j] = A[by * 32 + i, bx * 64 + j] + B[by * 32 + i, bx * 64 + j]

    return kernel
