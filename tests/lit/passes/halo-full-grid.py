# A stencil over the FULL block grid of an L1-sharded tensor with a declared halo: the shifted
# windows of the edge blocks reach past the tensor's end. B1 keeps the tensor unpadded (its shards
# tile it exactly) and the partition local_shard (reads outside the tensor come from no shard), and
# the reader's gather reads zeros outside the tensor's tiles, as for a DRAM tensor.
# RUN: %tltt compile %S/../../e2e/kernels/stencil_halo_full.py --remarks=B1,D3 -o %t 2>&1 | FileCheck %s
# RUN: %tltt compile %S/../../e2e/kernels/stencil_halo_full.py --entry "stencil_halo_full(128, 128, 32, 0.5, 0.125, 'height')" --remarks=B1 -o %t.h 2>&1 | FileCheck %s --check-prefix=HEIGHT
# A window ON the tile grid past the end of a sharded tensor would read pages that do not exist:
# still a located error at the kernel, with a note at the access.
# RUN: not %tltt compile %s -o %t.err 2>&1 | FileCheck %s --check-prefix=ERR
import tilelang
import tilelang.language as T

# CHECK: stencil_halo_full.py:35:13: remark: windows off the tile grid reach past the end of sharded tensor 'A' (dimension 0: 128 elements, read up to 129); it is not padded, their gather reads zeros there [work-partition.padding]
# CHECK: stencil_halo_full.py:37:13: remark: windows off the tile grid reach past the end of sharded tensor 'A' (dimension 1: 128 elements, read up to 129); it is not padded
# CHECK-NOT: is padded to
# CHECK: remark: partition local_shard: 16 blocks on the 4 cores of the shard grid of 'A', each core runs the blocks of its own shard
# CHECK: remark: gathers the 32x32 window of 'A' at [by * 32 + 1, bx * 32] (off the tile grid) into CB 'down': {{.*}} zeros outside the tensor's 4x4 tiles
# HEIGHT-NOT: warning
# HEIGHT: remark: partition local_shard: 16 blocks on the 4 cores of the shard grid of 'A'
# ERR: halo-full-grid.py:[[@LINE+9]]:9: error: blocks of this kernel run past the end of tensor 'A': dimension 0 has 128 elements but the last block reaches 160; partial blocks are supported only along the last two dimensions of interleaved tensors (a sharded tensor may be read past its end by windows off the tile grid only, which read zeros there)
# ERR: halo-full-grid.py:[[@LINE+14]]:13: note: the access is here


@tilelang.jit(out_idx=[-1])
def next_row(M, N, block):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(N // block, M // block) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(memory="L1", layout="sharded",
                              nd_shard={"axes": [0], "grid": [4], "halo": [32]}),
            })
            below = T.alloc_shared((block, block), "float32")
            T.copy(A[(by + 1) * block, bx * block], below)
            T.copy(below, B[by * block, bx * block])

    return kernel


kernel = next_row(128, 128, 32)
