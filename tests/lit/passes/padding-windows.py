# Blocks smaller than a tile read from tensor windows that move with a loop or with the T.Kernel
# block along the columns (B1): each is padded to whole tiles, the tensor region widened to the
# padded extent from the same origin, which D3 gathers off the tile grid; the padding (the next
# window's elements, or zeros past the tensor's tiles) is masked before the gemm or reduction
# that would sum it. A block stored to such a window is not padded: its padding would overwrite
# the next block's columns.
# RUN: %tltt compile %S/../../e2e/kernels/sub_tile_windows.py --remarks=B1,D3 -o %t 2>&1 | FileCheck %s --check-prefix=LSE
# RUN: %tltt compile %S/../../e2e/kernels/sub_tile_windows.py --entry 'sink_rows(64, 3)' --remarks=B1,D3 -o %t 2>&1 | FileCheck %s --check-prefix=SINK
# RUN: not %tltt compile %s --remarks=B1 -o %t 2>&1 | FileCheck %s --check-prefix=STORE
import tilelang
import tilelang.language as T

# LSE-DAG: sub_tile_windows.py:20:19: remark: block 'lse' of 32x16 elements is padded to whole tiles, 32x32 [work-partition.padding]
# LSE-DAG: sub_tile_windows.py:19:17: remark: block 's' of 32x16 elements is padded to whole tiles, 32x32 [work-partition.padding]
# LSE-DAG: sub_tile_windows.py:30:17: remark: T.gemm over the K axis of 's': its 16 elements padded to 32 are set to 0 first [work-partition.padding-mask]
# LSE-DAG: sub_tile_windows.py:30:17: remark: T.gemm over the K axis of 'v': its 16 elements padded to 32 are set to 0 first [work-partition.padding-mask]
# LSE-DAG: sub_tile_windows.py:26:17: remark: gathers the 32x32 window of 'L' at [0, k * 16] of the tiles at page 0 (off the tile grid) into CB 'lse'
# LSE-DAG: sub_tile_windows.py:25:17: remark: gathers the 32x32 window of 'S' at [bx * 32, k * 16] (off the tile grid) into CB 's'
# SINK-DAG: sub_tile_windows.py:50:21: remark: block 'sinks' of 32x8 elements is padded to whole tiles, 32x32 [work-partition.padding]
# SINK-DAG: sub_tile_windows.py:56:13: remark: T.reduce_sum over dimension 1 of 'x': its 8 elements padded to 32 are masked with 0 first [work-partition.padding-mask]
# SINK-DAG: sub_tile_windows.py:52:13: remark: gathers the 32x32 window of 'X' at [bx * 32, bh * 8] (off the tile grid) into CB 'x'


@tilelang.jit(out_idx=[-1])
def store(M, N):

    @T.prim_func
    def k(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 16), T.ceildiv(M, 32)) as (bx, by):
            x = T.alloc_fragment((32, 16), "float32")
            T.copy(X[by * 32, bx * 16], x)
            # STORE-DAG: padding-windows.py:[[@LINE+2]]:17: error: element-wise loop over 'x' of shape [32, 16]: blocks smaller than a 32x32 tile cannot be computed by tile operations
            for i, j in T.Parallel(32, 16):
                x[i, j] = x[i, j] + 1.0
            # STORE-DAG: padding-windows.py:[[@LINE+1]]:13: remark: on-chip blocks whose extents are not multiples of 32 are not padded: the region of 'Y' it is copied with moves with the block (its padding would overlap another block's region) [work-partition.padding]
            T.copy(x, Y[by * 32, bx * 16])

    return k


kernel = store(64, 64)
