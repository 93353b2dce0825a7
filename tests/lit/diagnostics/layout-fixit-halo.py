# A halo in the N-D shard spec: not supported and not needed (neighbouring shards are read
# through the sharded TensorAccessor). The error states the halo width each shifted access of
# the tensor would need (here one block of rows past its own); the fix-it is the annotation
# without the halo, and the kernel with it applied compiles and runs.
# RUN: %tltt compile %s --entry 'add(128, 128, "bad")' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'add(128, 128, "bad")' -o %t 2> %t.err
# RUN: %python %S/Inputs/fixit_in_source.py %t.err %s
# RUN: %tltt run %s --entry 'add(128, 128, "fixed")' | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, case):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # C's last block row is not written: block row by reads A's block row by + 1.
        with T.Kernel(T.ceildiv(N, 64), M // 32 - 1) as (bx, by):
            if case == "bad":
                # expected-error@+2 {{Halo metadata not supported for A}}
                # expected-note@+1 {{try T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}}) (no halo is needed}}
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "nd_shard": {"axes": [0, 1], "grid": [2, 2], "halo": [32, 0]}}})
            if case == "fixed":
                T.annotate_layout({A: {"layout": "sharded", "memory": "L1", "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})
            for i, j in T.Parallel(32, 64):
                # expected-note@+1 {{the access A[(by + 1) * 32 + i, bx * 64 + j] needs a halo of width 32 on axis 0 (it reads 32 elements past its block)}}
                C[by * 32 + i, bx * 64 + j] = A[(by + 1) * 32 + i, bx * 64 + j] + B[by * 32 + i, bx * 64 + j]

    return kernel

# CHECK: PASS
