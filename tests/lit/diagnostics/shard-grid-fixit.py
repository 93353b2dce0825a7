# Shard grids larger than the device: the error (at the kernel, pass B1) ends with a fix-it, the
# largest nd_shard grid that fits the worker grid in whole tiles; the "fixed" case writes it and
# compiles. The height-sharded form gets the same from --layout.
# RUN: %tltt compile %s --entry 'add(512, 512, "bad")' --verify-diagnostics
# RUN: %tltt compile %s --entry 'add(512, 512, "fixed")' -o %t
# RUN: not %tltt compile %s --entry 'add(4096, 64, "none")' --layout 'A=memory=L1,layout=sharded,axes=0,grid=128' -o %t 2>&1 | FileCheck %s --check-prefix=HEIGHT
# RUN: %tltt compile %s --entry 'add(4096, 64, "none")' --layout 'A=memory=L1,layout=sharded,axes=0,grid=64' -o %t
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, case):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # expected-error@+2 {{block-sharded tensor 'A' needs a 16 x 16 core grid (columns x rows), larger than the 8 x 8 worker grid of wormhole_b0}}
        # expected-note@+1 {{try nd_shard={"axes": [0, 1], "grid": [8, 8]} for 'A'}}
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 64)) as (bx, by):
            if case == "bad":
                T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                                 nd_shard={"axes": [0, 1], "grid": [16, 16]})})
            if case == "fixed":
                T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                                 nd_shard={"axes": [0, 1], "grid": [8, 8]})})
            for i, j in T.Parallel(64, 64):
                C[by * 64 + i, bx * 64 + j] = A[by * 64 + i, bx * 64 + j] + B[by * 64 + i, bx * 64 + j]

    return kernel

# HEIGHT: error: tensor 'A' has 128 shards, more than the 64 cores of wormhole_b0
# HEIGHT: note: try nd_shard={"axes": [0], "grid": [64]} for 'A'
