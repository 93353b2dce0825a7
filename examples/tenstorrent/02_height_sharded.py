# Shows: height-sharded L1 tensors (each of 4 cores holds 64 whole rows). A, B and C live in the
# cores' L1 instead of DRAM; because every T.Kernel block lies inside one shard and the three
# tensors put that shard on the same core, pass B1 picks the local_shard partition: each core
# adds the blocks of its own shards and its reads and writes never leave its L1.
# The same layout from the command line, on a kernel without annotations:
#   tltt run examples/elementwise_add.py --layout 'A=memory=L1,layout=sharded,axes=0,grid=4'
# Run:   tltt run examples/tenstorrent/02_height_sharded.py
# See:   tltt compile examples/tenstorrent/02_height_sharded.py --remarks=B1
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, block_M, block_N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(memory="L1", layout="sharded",
                                nd_shard={"axes": [0], "grid": [4]}),
                B: T.TTLayout(memory="L1", layout="sharded",
                                nd_shard={"axes": [0], "grid": [4]}),
                C: T.TTLayout(memory="L1", layout="sharded",
                                nd_shard={"axes": [0], "grid": [4]}),
            })
            a = T.alloc_shared((block_M, block_N), "bfloat16")
            b = T.alloc_shared((block_M, block_N), "bfloat16")
            c = T.alloc_fragment((block_M, block_N), "bfloat16")
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                c[i, j] = a[i, j] + b[i, j]
            T.copy(c, C[by * block_M, bx * block_N])

    return kernel


kernel = add(256, 256, 64, 64)
