# Element-wise C = A + B written directly on global tensors inside T.Parallel (no shared
# staging), one 32x32 tile per block.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def vadd_direct(M, N, dtype="bfloat16"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            for i, j in T.Parallel(32, 32):
                C[by * 32 + i, bx * 32 + j] = A[by * 32 + i, bx * 32 + j] + B[by * 32 + i,
                                                                              bx * 32 + j]

    return kernel


kernel = vadd_direct(128, 128)
