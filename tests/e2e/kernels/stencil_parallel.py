# The 5-point stencil written element by element over the interior blocks, as TileLang kernels
# index tensors directly in a T.Parallel nest: B3 stages the nest's tensor loads through on-chip
# blocks (the four neighbours are windows shifted by one element, gathered by the reader) and
# its store through a block copied out. The grid skips the first and last block row and column,
# so no read leaves the tensor; B's outer ring stays as the host wrote it (zeros).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def stencil_interior(M, N, block_M, block_N, c0, c1, dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // block_N - 2, M // block_M - 2) as (bx, by):
            for i, j in T.Parallel(block_M, block_N):
                B[(by + 1) * block_M + i, (bx + 1) * block_N + j] = (
                    c0 * A[(by + 1) * block_M + i, (bx + 1) * block_N + j] +
                    c1 * (A[(by + 1) * block_M + i - 1, (bx + 1) * block_N + j] +
                          A[(by + 1) * block_M + i + 1, (bx + 1) * block_N + j] +
                          A[(by + 1) * block_M + i, (bx + 1) * block_N + j - 1] +
                          A[(by + 1) * block_M + i, (bx + 1) * block_N + j + 1]))

    return kernel


kernel = stencil_interior(128, 160, 32, 32, 0.5, 0.125)
