# Block orders B1 cannot give (docs/layouts.md "Block order"): block_linear on a grid whose
# first two extents are not both even (no Z-ordered tiles), and two tensors asking for different
# orders (a kernel has one traversal). Both are errors located at the kernel.
# RUN: not %tltt compile %s --entry 'copy2d(96, 128)' --layout B=order=block_linear --stop-after=B1 2>&1 | FileCheck %s --check-prefix=ODD
# ODD: block-order-errors.py:[[@LINE+14]]:{{[0-9]+}}: error: the layout of 'B' asks for the block_linear order, which needs a block grid of two or more dimensions whose first two extents are both even (Z-ordered tiles of a power-of-two side); this grid is 4 x 3
# RUN: not %tltt compile %s --layout A=order=col_major --layout B=order=row_major --stop-after=B1 2>&1 | FileCheck %s --check-prefix=BOTH
# BOTH: error: the layouts of 'A' and 'B' ask for different block orders (col_major and row_major); a kernel has one
# RUN: %tltt compile %s --layout A=order=block_linear --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=OK
# OK: remark: order block_linear (4x4 tiles), as the layout annotation asks
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def copy2d(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, 32), T.ceildiv(M, 32)) as (bx, by):
            a = T.alloc_shared((32, 32), "bfloat16")
            T.copy(A[by * 32, bx * 32], a)
            T.copy(a, B[by * 32, bx * 32])

    return kernel


kernel = copy2d(128, 128)
