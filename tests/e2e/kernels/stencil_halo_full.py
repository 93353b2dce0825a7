# The 5-point stencil over the FULL block grid of an L1-sharded tensor with a declared halo of
# one tile: each core computes the blocks of its own shard; the shifted windows' rows and columns
# past the shard's edge come from the neighbouring cores' L1, and those past the tensor's edge
# read zeros (TileLang's bounds masking, which the reference interpreter follows), so the edge
# points see a zero boundary as with a DRAM tensor (examples/tenstorrent/09_stencil.py).
# `layout`: "block" (2 x 2 shards, halo [32, 32]) or "height" (4 shards of rows, halo [32]).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def stencil_halo_full(M, N, block, c0, c1, layout="block", dtype="float32"):
    if layout == "block":
        shard = {"axes": [0, 1], "grid": [2, 2]}
        haloed = {"axes": [0, 1], "grid": [2, 2], "halo": [32, 32]}
    else:
        shard = {"axes": [0], "grid": [4]}
        haloed = {"axes": [0], "grid": [4], "halo": [32]}

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // block, M // block) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(memory="L1", layout="sharded", nd_shard=haloed),
                B: T.TTLayout(memory="L1", layout="sharded", nd_shard=shard),
            })
            mid = T.alloc_shared((block, block), dtype)
            up = T.alloc_shared((block, block), dtype)
            down = T.alloc_shared((block, block), dtype)
            left = T.alloc_shared((block, block), dtype)
            right = T.alloc_shared((block, block), dtype)
            out = T.alloc_fragment((block, block), dtype)
            T.copy(A[by * block, bx * block], mid)
            T.copy(A[by * block - 1, bx * block], up)
            T.copy(A[by * block + 1, bx * block], down)
            T.copy(A[by * block, bx * block - 1], left)
            T.copy(A[by * block, bx * block + 1], right)
            for i, j in T.Parallel(block, block):
                out[i, j] = c0 * mid[i, j] + c1 * (up[i, j] + down[i, j] + left[i, j] + right[i, j])
            T.copy(out, B[by * block, bx * block])

    return kernel


kernel = stencil_halo_full(128, 128, 32, 0.5, 0.125)
