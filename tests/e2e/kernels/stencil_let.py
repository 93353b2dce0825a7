# The interior 5-point stencil of stencil_parallel.py with its indices named first, as kernels
# often write them (`r = (by + 1) * block_M + i`): A1 puts the index expressions back in the
# tensor accesses (index_lets.cc), so the nest lowers as the inline form does (B3 stages the
# loads, the reader gathers the shifted windows). Before, A1 staged the reads before the nest
# with the nest's variables in their indices and the compiler crashed.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def stencil_let(M, N, block_M, block_N, c0, c1, dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // block_N - 2, M // block_M - 2) as (bx, by):
            for i, j in T.Parallel(block_M, block_N):
                r = (by + 1) * block_M + i
                c = (bx + 1) * block_N + j
                B[r, c] = c0 * A[r, c] + c1 * (A[r - 1, c] + A[r + 1, c] + A[r, c - 1] +
                                               A[r, c + 1])

    return kernel


kernel = stencil_let(128, 128, 32, 32, 0.5, 0.125)
