# Shows: a 5-point stencil written with shifted T.copy windows, the way TileLang stencils read
# their neighbours: out[i, j] = c0 * A[i, j] + c1 * (A[i-1, j] + A[i+1, j] + A[i, j-1] + A[i, j+1]).
# Each block loads its own 32x32 window and the four windows shifted by one element up, down,
# left and right; T.copy reads past the tensor's edge give zeros (TileLang's bounds masking), so
# the edge points see a zero boundary. The shifted windows start one element off a tile, so the
# reader assembles them itself: one noc_async_read per 16-element face row from the tiles the
# window straddles, zeros outside the tensor, and a shift of the staged rows in L1 by the RISC-V.
# Run:   tltt run examples/tenstorrent/09_stencil.py
#        tltt run examples/tenstorrent/09_stencil.py --mesh 1x2   (two devices, each holding its
#        rows of A; the row each reads of the other's comes over the fabric: a halo exchange)
# See:   tltt compile examples/tenstorrent/09_stencil.py --remarks=D3
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def stencil5(M, N, block_M, block_N, c0, c1, dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            mid = T.alloc_shared((block_M, block_N), dtype)
            up = T.alloc_shared((block_M, block_N), dtype)
            down = T.alloc_shared((block_M, block_N), dtype)
            left = T.alloc_shared((block_M, block_N), dtype)
            right = T.alloc_shared((block_M, block_N), dtype)
            out = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], mid)
            T.copy(A[by * block_M - 1, bx * block_N], up)
            T.copy(A[by * block_M + 1, bx * block_N], down)
            T.copy(A[by * block_M, bx * block_N - 1], left)
            T.copy(A[by * block_M, bx * block_N + 1], right)
            for i, j in T.Parallel(block_M, block_N):
                out[i, j] = c0 * mid[i, j] + c1 * (up[i, j] + down[i, j] + left[i, j] + right[i, j])
            T.copy(out, B[by * block_M, bx * block_N])

    return kernel


kernel = stencil5(128, 96, 32, 32, 0.5, 0.125)
