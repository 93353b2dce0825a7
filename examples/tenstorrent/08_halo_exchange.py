# Shows: halo exchange between the shards of a height-sharded L1 tensor. Each block row of C is
# the sum of three block rows of A: its own and the ones above and below it, which may lie in
# the adjacent shards. `halo: [32]` in A's nd_shard declares those 32 rows on each side, so the
# partition stays local_shard (each core computes the blocks of its own shard of C) and each
# core's reader fetches the halo tiles directly from its neighbours' L1 over the NoC. Without
# the halo, pass B1 falls back to a global partition that reads every shard remotely. Halos are
# whole tiles; windows shifted by less than a tile are gathered by the reader (09_stencil.py).
# Run:   tltt run examples/tenstorrent/08_halo_exchange.py
# See:   tltt compile examples/tenstorrent/08_halo_exchange.py --remarks=B1
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def window(M, N, block_M, block_N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        # Interior block rows only: the first and last have no block row above (below).
        with T.Kernel(N // block_N, M // block_M - 2) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(memory="L1", layout="sharded",
                              nd_shard={"axes": [0], "grid": [4], "halo": [block_M]}),
                C: T.TTLayout(memory="L1", layout="sharded",
                              nd_shard={"axes": [0], "grid": [4]}),
            })
            up = T.alloc_shared((block_M, block_N), "bfloat16")
            mid = T.alloc_shared((block_M, block_N), "bfloat16")
            down = T.alloc_shared((block_M, block_N), "bfloat16")
            s = T.alloc_fragment((block_M, block_N), "bfloat16")
            c = T.alloc_fragment((block_M, block_N), "bfloat16")
            T.copy(A[by * block_M, bx * block_N], up)
            T.copy(A[(by + 1) * block_M, bx * block_N], mid)
            T.copy(A[(by + 2) * block_M, bx * block_N], down)
            for i, j in T.Parallel(block_M, block_N):
                s[i, j] = up[i, j] + down[i, j]
            for i, j in T.Parallel(block_M, block_N):
                c[i, j] = s[i, j] + mid[i, j]
            T.copy(c, C[(by + 1) * block_M, bx * block_N])

    return kernel


kernel = window(256, 64, 32, 64)
