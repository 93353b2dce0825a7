# Element-wise add with A block-sharded in L1 (2 x 2 shards of 128 x 128 on a 2 x 2 core grid):
# the host allocates A with a ShardSpecBuffer and each core adds the 2 x 2 blocks of its shard.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add_sharded(M, N, bm, bn, dtype="bfloat16"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                             nd_shard={"axes": [0, 1], "grid": [2, 2]})})
            a = T.alloc_shared((bm, bn), dtype)
            b = T.alloc_shared((bm, bn), dtype)
            c = T.alloc_shared((bm, bn), dtype)
            T.copy(A[by * bm, bx * bn], a)
            T.copy(B[by * bm, bx * bn], b)
            for i, j in T.Parallel(bm, bn):
                c[i, j] = a[i, j] + b[i, j]
            T.copy(c, C[by * bm, bx * bn])

    return kernel


kernel = add_sharded(256, 256, 64, 64)
