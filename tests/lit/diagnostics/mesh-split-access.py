# A block that reads its neighbour's rows (`(by + 1) * 32`) or uses its block index in arithmetic
# does not split into equal chunks, so the kernel is split by block offsets: every device holds
# the whole tensors and sees the block indices of the whole grid, and such reads are served. What
# stays a located error: a write reaching another block's elements, since each element of an
# output is taken from the device that ran its block.
# RUN: %tltt compile %s --mesh 1x2 --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def shifted(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // 64, M // 32 - 1) as (bx, by):
            for i, j in T.Parallel(32, 64):
                # expected-error@+1 {{dimension 0 of 'C' is indexed by `(by + 1) * 32 + i`: a block index split over the devices of the mesh must index a tensor as `by * c + r` with the access inside one block}}
                C[(by + 1) * 32 + i, bx * 64 + j] = A[(by + 1) * 32 + i, bx * 64 + j] * T.cast(by, "bfloat16")

    return kernel


kernel = shifted(160, 128)
