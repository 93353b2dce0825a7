# Every tensor a kernel writes must be addressed by every block index of the grid on a mesh:
# here every block row `by` writes the same rows of C, so no element of C belongs to one block
# (and so to one device).
# RUN: %tltt compile %s --mesh 1x2 --verify-diagnostics
# RUN: not %tltt compile %s --mesh 3 -o %t 2>&1 | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rows(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((32, N), "bfloat16")):
        with T.Kernel(N // 64, M // 32) as (bx, by):
            a = T.alloc_shared((32, 64), "bfloat16")
            T.copy(A[by * 32, bx * 64], a)
            # expected-error@+1 {{'C' is written but not indexed by the block index `by`: on a mesh each device runs a range of the blocks}}
            T.copy(a, C[0, bx * 64])

    return kernel


kernel = rows(128, 128)

# CHECK: error: --mesh '3' is not a mesh shape RxC of 1 to 32 devices (e.g. 1x2, 2x4)
