# Element-wise C = A + B whose row count is a T.dynamic size, with A block-sharded in L1 over a
# 2 x 2 core grid: one compiled program serves every multiple of 64 rows (2 shard rows of whole
# tiles and blocks), the host program computing A's shard spec (m / 2 rows per shard) and each
# core's rectangle of blocks from the size (tests/e2e/dynamic_sizes.sh runs it at three sizes).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def block_sharded_add(N, block_M, block_N):
    M = T.dynamic("m")

    @T.prim_func
    def add_kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
                   C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                             nd_shard={"axes": [0, 1], "grid": [2, 2]})})
            a = T.alloc_shared((block_M, block_N), "bfloat16")
            b = T.alloc_shared((block_M, block_N), "bfloat16")
            c = T.alloc_shared((block_M, block_N), "bfloat16")
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for (r, j) in T.Parallel(block_M, block_N):
                c[r, j] = a[r, j] + b[r, j]
            T.copy(c, C[by * block_M, bx * block_N])

    return add_kernel


kernel = block_sharded_add(128, 32, 32)
