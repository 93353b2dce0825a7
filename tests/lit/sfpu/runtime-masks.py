# B3 lowers T.if_then_else on a block position compared with a value known only at run time
# (an integer kernel scalar, a block index, a loop variable; or a constant past a base that is
# not a multiple of 32) to a run-time bound mask over the reader's index tile (relation
# "col_index" / "row_index", fill_mask_tile 96 / 97): D5 fills the tile when it lies wholly
# before or past the bound, else computes it in DST (index - k, ltz_tile, log_tile for -inf).
# `i // B OP j // B` (B a multiple of 32) is a block mask, a flag free of positions a flag
# mask: one fill per tile. Selects on flags inside the condition (block-causal attention's
# `select(flag, select(P, 1, 0), select(Q, 1, 0)) > 0`) become selects of masked values.
# Kernels: tests/e2e/kernels/runtime_masks.py.
# RUN: %tltt compile %S/../../e2e/kernels/runtime_masks.py --set n_valid=100 --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=SCALAR
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/runtime_masks.py --set n_valid=100 -o %t
# RUN: FileCheck %s --check-prefix=READER --input-file %t/reader.cpp
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# RUN: %tltt compile %S/../../e2e/kernels/runtime_masks.py --entry 'row_bound(2, 128, 64)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=ROW
# RUN: %tltt compile %S/../../e2e/kernels/runtime_masks.py --entry 'block_flags(256, 256)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=FLAG
# RUN: not %tltt compile %s --stop-after=B3 2>&1 | FileCheck %s --check-prefix=ERR
# A bound read from an index tensor: the element is read once before the nest (A1), the reader
# hands it to compute (D3's index mailbox), and the mask compares with it at run time.
# RUN: %tltt compile %s --entry 'lengths(64, 64)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=TENSOR
# RUN: %tltt run %s --entry 'lengths(64, 64)' | FileCheck %s --check-prefix=RESULT
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def pairwise(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            x = T.alloc_fragment((32, 32), "float32")
            T.copy(X[by * 32, bx * 32], x)
            for i, j in T.Parallel(32, 32):
                x[i, j] = T.if_then_else(by * 32 + i == bx * 32 + j, x[i, j], 0)
            T.copy(x, Y[by * 32, bx * 32])

    return main


@tilelang.jit(out_idx=[2])
def lengths(B, N):

    @T.prim_func
    def main(X: T.Tensor((B, N), "float32"), Lens: T.Tensor((B,), "int32"),
             Y: T.Tensor((B, N), "float32")):
        with T.Kernel(N // 32, B // 32) as (bx, by):
            x = T.alloc_fragment((32, 32), "float32")
            T.copy(X[by * 32, bx * 32], x)
            for i, j in T.Parallel(32, 32):
                x[i, j] = T.if_then_else(bx * 32 + j < Lens[by], x[i, j], 0)
            T.copy(x, Y[by * 32, bx * 32])

    return main


kernel = pairwise(64, 64)

# SCALAR: tile.add(region(x), tile.mask(region(mask_0), k * 64, n_valid_1, axis="col", false_value=-inf, relation="col_index", true_value=0.0))
# SCALAR: tile.mul(tile.mul(region(x), 2.0f), tile.mask(region(mask_0), k * 64, n_valid_1, axis="col", false_value=0.0, relation="col_index", true_value=1.0))
# READER: fill_mask_tile(get_write_ptr(cb_mask_0), 96, 0, 0);
# Compared and converted as int32 (a negative bound masks every element):
# COMPUTE: if (static_cast<int32_t>(n_valid) >= static_cast<int32_t>(k * 64 + 32)) {
# COMPUTE: if (static_cast<int32_t>(n_valid) <= static_cast<int32_t>(k * 64)) {
# COMPUTE: fill_tile(1, static_cast<float>(static_cast<int32_t>(n_valid - k * 64)));
# COMPUTE-NEXT: sub_binary_tile_init();
# COMPUTE-NEXT: sub_binary_tile(0, 1, 0);
# COMPUTE-NEXT: ltz_tile_init();
# COMPUTE-NEXT: ltz_tile(0);
# COMPUTE-NEXT: log_tile_init();
# COMPUTE-NEXT: log_tile(0);
# ROW: tile.mask(region(mask_0), by * 64 + 5, (bz + 1) * 40, axis="row", false_value=0.0, relation="row_index", true_value=1.0)
# FLAG: tile.mask(region(mask_0), 0, 0, block=64, false_value=0.0, relation="==", true_value=1.0)
# FLAG: tile.mask(region(mask_0), bx == by, false_value=0.0, flag=1, relation="col_index", true_value=1.0)
# FLAG: tile.mask(region(mask_0), 0, 0, block=64, false_value=0.0, relation=">", true_value=1.0)
# ERR: runtime-masks.py:34:27: error: T.if_then_else condition 'by * 32 + i == bx * 32 + j'
# TENSOR: let Lens_value: int32 = Lens[by, 0]
# TENSOR: tile.mask(region(mask_0), bx * 32, Lens_value, axis="col", false_value=0.0, relation="col_index", true_value=1.0)
# RESULT: PASS pcc
