# A block index split over the mesh must address tensors as `b * c + r` with the access inside
# its own block, and may not be used otherwise: each device's kernel sees only its own part of
# the block grid and its own chunk of the tensors. Both uses are located errors.
# RUN: %tltt compile %s --mesh 1x2 --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def shifted(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // 64, M // 32 - 1) as (bx, by):
            for i, j in T.Parallel(32, 64):
                # expected-error@+2 {{dimension 0 of 'A' is indexed by `(by + 1) * 32 + i`: a block index split over the devices of the mesh must index a tensor as `by * c + r` with the access inside one block}}
                # expected-error@+1 {{the block index `by` is split over the devices of the mesh but used here outside a tensor index}}
                C[by * 32 + i, bx * 64 + j] = A[(by + 1) * 32 + i, bx * 64 + j] * T.cast(by, "bfloat16")

    return kernel


kernel = shifted(160, 128)
