# Golden IR before/after lower-to-sfpu for the vector, broadcast, reduction, fill and mask rules:
# 1-D buffers become vector tiles ([L] -> [L, 32] per-row "col", [32, L] per-column "row"),
# including 1-D tensors; `v[i]` / `v[j]` in a 2-D nest are column / row broadcasts; 1-D nests
# are tile ops on vector tiles; `T[base + i] = v[i]` is a tile copy; T.reduce_* is tt.reduce
# with the all-ones scaler tile (abs* and min through a temporary |x| / -x block); T.fill is a
# tile fill; T.if_then_else on the position is a mask tile (constants on both sides, or a tile
# value with -inf / 0: an add / multiply by the mask).
# RUN: %tltt compile %s --stop-after=B3 --print-after=B2 | FileCheck %s --check-prefix=BEFORE
# RUN: %tltt compile %s --stop-after=B3 --print-after=B3 | FileCheck %s
# RUN: %tltt compile %examples/sfpu/reductions.py --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=RED
# RUN: %tltt compile %s --disable-pass=sfpu-tile-groups --stop-after=D5 --print-after=D5 | FileCheck %s --check-prefix=DST
# RUN: %tltt compile %examples/sfpu/column_stats.py --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=COLS
# RUN: %tltt compile %examples/sfpu/column_stats.py --stop-after=D5 --print-after=D5 | FileCheck %s --check-prefix=CHAIN
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-2, -1])
def rules(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), g: T.Tensor((N,), "float32"),
             Y: T.Tensor((M, N), "float32"), S: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, 32), threads=128) as bx:
            x = T.alloc_shared((32, N), "float32")
            gs = T.alloc_shared((N,), "float32")
            y = T.alloc_fragment((32, N), "float32")
            s = T.alloc_fragment((32,), "float32")
            T.copy(X[bx * 32, 0], x)
            T.copy(g, gs)
            T.fill(s, -T.infinity("float32"))
            T.reduce_max(x, s, dim=1, clear=False)
            for i in T.Parallel(32):
                s[i] = T.exp(s[i]) * 0.5
            for i, j in T.Parallel(32, N):
                y[i, j] = (x[i, j] - s[i]) * gs[j]
            for i, j in T.Parallel(32, N):
                y[i, j] = T.if_then_else(bx * 32 + i >= j, y[i, j], -T.infinity("float32"))
            for i, j in T.Parallel(32, N):
                y[i, j] = T.if_then_else(j > bx * 32 + i, 0.0, y[i, j])
            T.copy(y, Y[bx * 32, 0])
            for i in T.Parallel(32):
                S[bx * 32 + i] = s[i]

    return main


kernel = rules(64, 64)

# BEFORE: IR after grid-to-persistent (B2)
# BEFORE: func main(X: global float32[64, 64], g: global float32[32, 64] {tt.vector = "row", tt.vector_logical_shape = [64]}, Y: global float32[64, 64], S: global float32[64, 32] {tt.vector = "col", tt.vector_logical_shape = [64]})
# BEFORE: alloc gs: shared float32[32, 64] {tt.vector = "row"}
# BEFORE: alloc s: fragment float32[32, 32] {tt.vector = "col"}
# BEFORE: copy g -> gs
# BEFORE: fill s, float32(-inf)
# BEFORE: reduce_max x -> s, dim=1, clear=false
# BEFORE: s[i, 0] = exp(s[i, 0]) * 0.5f
# BEFORE: y[i_1, j] = (x[i_1, j] - s[i_1, 0]) * gs[0, j]
# BEFORE: S[bx * 32 + i_4, 0] = s[i_4, 0]

# CHECK: IR after lower-to-sfpu (B3)
# CHECK: alloc mask_0: fragment float32[32, 32]
# CHECK-NEXT: tt.mask_tile(region(mask_0), false_value=-inf, relation=">=", true_value=0.0)
# CHECK-NEXT: alloc mask_1: fragment float32[32, 32]
# CHECK-NEXT: tt.mask_tile(region(mask_1), false_value=1.0, relation="<", true_value=0.0)
# CHECK-NEXT: alloc reduce_scaler: fragment bfloat16[32, 32]
# CHECK-NEXT: tt.sfpu(region(reduce_scaler), 1.0f)
# CHECK: copy g -> gs
# CHECK-NEXT: tt.sfpu(region(s), float32(-inf))
# CHECK-NEXT: tt.reduce(region(x), region(reduce_scaler), region(s), clear=false, dim="row", op="max")
# CHECK-NEXT: tt.sfpu(region(s), region(s), tile.mul(tile.exp(region(s)), 0.5f))
# CHECK-NEXT: tt.sfpu(region(x), region(s), region(gs), region(y), tile.mul(tile.sub(region(x), tile.bcast_col(region(s))), tile.bcast_row(region(gs))))
# CHECK-NEXT: tt.sfpu(region(y), region(mask_0), region(y), tile.add(region(y), tile.mask(region(mask_0), bx * 32, 0, false_value=-inf, relation=">=", true_value=0.0)))
# CHECK-NEXT: tt.sfpu(region(y), region(mask_1), region(y), tile.mul(region(y), tile.mask(region(mask_1), bx * 32, 0, false_value=1.0, relation="<", true_value=0.0)))
# CHECK-NEXT: copy y -> Y[bx * 32 +: 32, 0 +: 64]
# CHECK-NEXT: copy s -> S[bx * 32 +: 32, 0 +: 32]

# RED: tt.reduce(region(x), region(reduce_scaler), region(rmax), clear=true, dim="row", op="max")
# RED-NEXT: alloc x_neg: fragment float32[64, 128]
# RED-NEXT: tt.sfpu(region(x), region(x_neg), tile.neg(region(x)))
# RED-NEXT: tt.reduce(region(x_neg), region(reduce_scaler), region(rmin), clear=true, dim="row", op="min")
# Float32 sums into float32 vectors are reduced exactly as three bfloat16 parts (docs/formats.md)
# while the kernel's blocks leave room (20 blocks here: csum is reduced in one pass).
# RED-NEXT: alloc x_abs: fragment float32[64, 128]
# RED-NEXT: alloc x_abs_hi: fragment bfloat16[64, 128]
# RED-NEXT: alloc x_abs_rem: fragment float32[64, 128]
# RED-NEXT: alloc x_abs_mid: fragment bfloat16[64, 128]
# RED-NEXT: alloc x_abs_lo: fragment bfloat16[64, 128]
# RED-NEXT: tt.sfpu(region(x), region(x_abs), tile.abs(region(x)))
# RED-NEXT: tt.sfpu(region(x_abs), region(x_abs_hi), region(x_abs))
# RED-NEXT: tt.sfpu(region(x_abs), region(x_abs_hi), region(x_abs_rem), tile.sub(region(x_abs), region(x_abs_hi)))
# RED-NEXT: tt.sfpu(region(x_abs_rem), region(x_abs_mid), region(x_abs_rem))
# RED-NEXT: tt.sfpu(region(x_abs_rem), region(x_abs_mid), region(x_abs_lo), tile.sub(region(x_abs_rem), region(x_abs_mid)))
# RED-NEXT: tt.reduce(region(x_abs_lo), region(reduce_scaler), region(rabs), clear=true, dim="row", op="sum")
# RED-NEXT: tt.reduce(region(x_abs_mid), region(reduce_scaler), region(rabs), clear=false, dim="row", op="sum")
# RED-NEXT: tt.reduce(region(x_abs_hi), region(reduce_scaler), region(rabs), clear=false, dim="row", op="sum")
# RED: tt.reduce(region(x_lo), region(reduce_scaler), region(rabs), clear=false, dim="row", op="sum")
# RED-NEXT: tt.reduce(region(x_mid), region(reduce_scaler), region(rabs), clear=false, dim="row", op="sum")
# RED-NEXT: tt.reduce(region(x_hi), region(reduce_scaler), region(rabs), clear=false, dim="row", op="sum")
# RED-NEXT: tt.reduce(region(x), region(reduce_scaler), region(csum), clear=true, dim="col", op="sum")
# RED: tt.reduce(region(x_abs_1), region(reduce_scaler), region(cabsmax), clear=true, dim="col", op="max")

# Per-column results (dim 0) are row vectors; a computed store to a 1-D tensor goes through a
# vector block and a tile copy.
# COLS: tt.reduce(region(x_lo), region(reduce_scaler), region(total), clear=true, dim="col", op="sum")
# COLS-NEXT: tt.reduce(region(x_mid), region(reduce_scaler), region(total), clear=false, dim="col", op="sum")
# COLS-NEXT: tt.reduce(region(x_hi), region(reduce_scaler), region(total), clear=false, dim="col", op="sum")
# COLS-NEXT: tt.reduce(region(x), region(reduce_scaler), region(top), clear=true, dim="col", op="max")
# COLS-NEXT: alloc Mean_block: fragment float32[32, 64] {tt.vector = "row"}
# COLS-NEXT: tt.sfpu(region(total), region(Mean_block), tile.mul(region(total), 0.015625f))
# COLS-NEXT: copy Mean_block -> Mean[0 +: 32, bx * 64 +: 64]
# COLS-NEXT: copy top -> Max[0 +: 32, bx * 64 +: 64]

# The reduction folds into the old value at the CB front (clear=false): the old tile is copied
# into DST first and the reduction takes the maximum with it; a block minus a per-row
# vector of its dtype, both in CBs, is one FPU broadcast (sub_tiles_bcast_cols, the vector's
# tile row t // 2); a per-column vector multiplying a DST value is spread over the tile by
# unary_bcast for the SFPU product; masks pick a fill or the triangle tile per tile.
# DST: copy_tile_to_dst_init_short(region(s))
# DST-NEXT: copy_tile(region(s), 0, 0)
# DST-NEXT: reduce_init(region(x), region(reduce_scaler), region(s), template="PoolType::MAX, ReduceDim::REDUCE_ROW")
# DST-NEXT: for k in serial(0 +: 2) {
# DST-NEXT: reduce_tile(region(x), region(reduce_scaler), k, 0, 0, template="PoolType::MAX, ReduceDim::REDUCE_ROW")
# DST-NEXT: }
# DST-NEXT: reduce_uninit()
# DST-NEXT: tile_regs_commit()
# DST: sub_bcast_cols_init_short(region(x), region(s))
# DST-NEXT: sub_tiles_bcast_cols(region(x), region(s), t, t // 2, 0)
# DST-NEXT: unary_bcast_init(region(gs), region(y), template="BroadcastType::ROW")
# DST-NEXT: unary_bcast(region(gs), t % 2, 1, template="BroadcastType::ROW")
# DST-NEXT: mul_binary_tile_init()
# DST-NEXT: mul_binary_tile(0, 1, 0)
# DST: if bx * 32 + t_1 // 2 * 32 > t_1 % 2 * 32 {
# DST-NEXT: fill_tile_init()
# DST-NEXT: fill_tile(1, 0.0f)
# DST-NEXT: } else {
# DST-NEXT: if bx * 32 + t_1 // 2 * 32 < t_1 % 2 * 32 {
# DST-NEXT: fill_tile_init()
# DST-NEXT: fill_tile_bitcast(1, uint32(4286578688))
# DST-NEXT: } else {
# DST-NEXT: copy_tile_to_dst_init_short(region(mask_0))
# DST-NEXT: copy_tile(region(mask_0), 0, 1)

# D5 reduces the three parts of an exact float32 sum into the same DST tile, smallest first,
# and packs each output tile once: no partial sum round-trips through the vector's CB. Both
# output tiles share one acquire (each part reduced into slot 0, then slot 1).
# CHAIN: cb_wait_front(region(x_lo), 4)
# CHAIN-NEXT: cb_wait_front(region(x_mid), 4)
# CHAIN-NEXT: cb_wait_front(region(x_hi), 4)
# CHAIN-NEXT: cb_wait_front(region(reduce_scaler), 1)
# CHAIN-NEXT: pack_reconfig_data_format(region(total))
# CHAIN-NEXT: tile_regs_acquire()
# CHAIN-NEXT: reduce_init(region(x_lo), region(reduce_scaler), region(total), template="PoolType::SUM, ReduceDim::REDUCE_COL")
# CHAIN-NEXT: for k in serial(0 +: 2) {
# CHAIN-NEXT: reduce_tile(region(x_lo), region(reduce_scaler), k * 2, 0, 0, template="PoolType::SUM, ReduceDim::REDUCE_COL")
# CHAIN-NEXT: }
# CHAIN-NEXT: for k_1 in serial(0 +: 2) {
# CHAIN-NEXT: reduce_tile(region(x_lo), region(reduce_scaler), k_1 * 2 + 1, 0, 1, template="PoolType::SUM, ReduceDim::REDUCE_COL")
# CHAIN-NEXT: }
# CHAIN-NEXT: for k_2 in serial(0 +: 2) {
# CHAIN-NEXT: reduce_tile(region(x_mid), region(reduce_scaler), k_2 * 2, 0, 0, template="PoolType::SUM, ReduceDim::REDUCE_COL")
# CHAIN-NEXT: }
# CHAIN-NEXT: for k_3 in serial(0 +: 2) {
# CHAIN-NEXT: reduce_tile(region(x_mid), region(reduce_scaler), k_3 * 2 + 1, 0, 1, template="PoolType::SUM, ReduceDim::REDUCE_COL")
# CHAIN-NEXT: }
# CHAIN-NEXT: for k_4 in serial(0 +: 2) {
# CHAIN-NEXT: reduce_tile(region(x_hi), region(reduce_scaler), k_4 * 2, 0, 0, template="PoolType::SUM, ReduceDim::REDUCE_COL")
# CHAIN-NEXT: }
# CHAIN-NEXT: for k_5 in serial(0 +: 2) {
# CHAIN-NEXT: reduce_tile(region(x_hi), region(reduce_scaler), k_5 * 2 + 1, 0, 1, template="PoolType::SUM, ReduceDim::REDUCE_COL")
# CHAIN-NEXT: }
# CHAIN-NEXT: reduce_uninit()
# CHAIN-NEXT: tile_regs_commit()
# CHAIN-NEXT: tile_regs_wait()
# CHAIN-NEXT: cb_reserve_back(region(total), 2)
# CHAIN-NEXT: pack_tile(0, region(total))
# CHAIN-NEXT: pack_tile(1, region(total))
# CHAIN-NEXT: cb_push_back(region(total), 2)
# CHAIN-NEXT: tile_regs_release()
# CHAIN-NEXT: cb_pop_front(region(x_lo), 4)
# CHAIN-NEXT: cb_pop_front(region(x_mid), 4)
# CHAIN-NEXT: cb_pop_front(region(x_hi), 4)
