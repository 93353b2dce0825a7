# The 5-point stencil written element by element over the whole grid, the edges guarded with
# T.if_then_else as TileLang kernels guard their neighbour loads: a clamped boundary on the
# rows (the point itself stands in for the missing neighbour) and a zero boundary on the
# columns. B3 stages the nest's windows of A through on-chip blocks (the shifted ones gathered
# by the reader, zeros past the tensor) and maps each guard to a bound mask and a select.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def stencil_guarded(M, N, block_M, block_N, c0, c1, dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            for i, j in T.Parallel(block_M, block_N):
                B[by * block_M + i, bx * block_N + j] = (
                    c0 * A[by * block_M + i, bx * block_N + j] + c1 *
                    (T.if_then_else(by * block_M + i > 0, A[by * block_M + i - 1, bx * block_N + j],
                                    A[by * block_M + i, bx * block_N + j]) +
                     T.if_then_else(by * block_M + i < M - 1,
                                    A[by * block_M + i + 1, bx * block_N + j],
                                    A[by * block_M + i, bx * block_N + j]) +
                     T.if_then_else(bx * block_N + j > 0, A[by * block_M + i, bx * block_N + j - 1],
                                    0.0) +
                     T.if_then_else(bx * block_N + j < N - 1,
                                    A[by * block_M + i, bx * block_N + j + 1], 0.0)))

    return kernel


kernel = stencil_guarded(96, 128, 32, 64, 0.5, 0.125)
