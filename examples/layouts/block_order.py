# Shows: the block order (docs/layouts.md "Block order"). A is sharded by rows into 16 shards of
# one tile row, on the cores of rows 0 and 1; the blocks are two tile rows high, so each block
# reads two shards held by two cores: no core holds a block's data, the partition is global and
# every block reads its tiles of A over the NoC. Which blocks a core runs (its contiguous range
# of the traversal) decides how far those tiles travel; B1 ranks row_major, col_major and
# block_linear by bytes x NoC hops from the device description and takes the least (remark
# work-partition.block-order); an `order` in any tensor's layout annotation chooses instead.
# Run:   tltt run examples/layouts/block_order.py
#        tltt run examples/layouts/block_order.py --layout C=order=col_major
# See:   tltt compile examples/layouts/block_order.py --remarks=B1 --stop-after=B1
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add_across_shards(M, N, block_M, block_N, shards, dtype="bfloat16"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(memory="L1", layout="sharded",
                              nd_shard={"axes": [0], "grid": [shards]}),
            })
            a = T.alloc_shared((block_M, block_N), dtype)
            b = T.alloc_shared((block_M, block_N), dtype)
            c = T.alloc_shared((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                c[i, j] = a[i, j] + b[i, j]
            T.copy(c, C[by * block_M, bx * block_N])

    return kernel


kernel = add_across_shards(512, 512, 64, 32, 16)
