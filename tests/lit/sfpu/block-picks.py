# On-chip block access forms (issue 13). A row of a block picked at a serial loop's index
# (`T.copy(part[k, :], cur)`, `part[k, j]` in a 1-D nest over a row vector) is computed by B3
# from the whole block: every other row masked to -inf by position masks (`i == k`), then a max
# over the rows into a row vector; the column form (`x[i, k * 7 + 1]` in a nest over a column
# vector) masks columns and reduces over them. A 2-D nest storing one on-chip block transposed
# (`xt[j, i] = x[i, j] * 2 + 1`) is swapped by A1 so the block is stored in order and x read
# through its transposed twin. One tensor row at a row off the tile grid copied into a vector
# (`T.copy(X[last, 0:D], g)`, a chunk's last token) stages the tile rows holding it and picks
# row `last % 32` the same way. Kernels: tests/e2e/kernels/block_picks.py (e2e_block_picks_*).
# RUN: %tltt compile %S/../../e2e/kernels/block_picks.py --entry row_pick --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=ROW
# RUN: %tltt compile %S/../../e2e/kernels/block_picks.py --entry col_pick --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=COL
# RUN: %tltt compile %S/../../e2e/kernels/block_picks.py --entry last_row --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=TROW
# RUN: %tltt compile %S/../../e2e/kernels/block_picks.py --entry transposed_store --stop-after=A1 --print-after=A1 | FileCheck %s --check-prefix=TRANS

# ROW: for k in serial(0 +: 4) {
# ROW-NEXT: alloc part_pick: fragment float16[32, 64]
# ROW-NEXT: tt.sfpu(region(part), region(mask_1), region(part_pick), tile.add(tile.add(region(part), tile.mask(region(mask_1), 0, k + 1, axis="row", false_value=-inf, relation="row_index", true_value=0.0)), tile.mask(region(mask_1), 0, k, axis="row", false_value=0.0, relation="row_index", true_value=-inf)))
# ROW-NEXT: tt.reduce(region(part_pick), region(reduce_scaler), region(cur), clear=true, dim="col", op="max")
# ROW: for k_1 in serial(0 +: 4) {
# ROW-NEXT: alloc part_row: fragment float32[32, 64] {tt.vector = "row"}
# ROW: tt.reduce(region(part_pick2), region(reduce_scaler), region(part_row), clear=true, dim="col", op="max")
# ROW-NEXT: tt.sfpu(region(acc), region(part_row), region(acc), tile.add(region(acc), tile.mul(region(part_row), 0.5f)))

# COL: alloc x_col: fragment float32[64, 32] {tt.vector = "col"}
# COL-NEXT: alloc x_pick: fragment float32[64, 64]
# COL-NEXT: tt.sfpu(region(x), region(mask_0), region(x_pick), tile.add(tile.add(region(x), tile.mask(region(mask_0), 0, k * 7 + 1 + 1, axis="col", false_value=-inf, relation="col_index", true_value=0.0)), tile.mask(region(mask_0), 0, k * 7 + 1, axis="col", false_value=0.0, relation="col_index", true_value=-inf)))
# COL-NEXT: tt.reduce(region(x_pick), region(reduce_scaler), region(x_col), clear=true, dim="row", op="max")

# TRANS: copy x -> x_t {transpose = true}
# TRANS-NEXT: for j in parallel(0 +: 32) {
# TRANS-NEXT: for i in parallel(0 +: 64) {
# TRANS-NEXT: xt[j, i] = x_t[j, i] * 2.0f + 1.0f

# TROW: alloc X_rows: shared float32[32, 64]
# TROW-NEXT: copy X[last // 32 * 32 +: 32, 0 +: 64] -> X_rows
# TROW-NEXT: alloc X_rows_pick: fragment float32[32, 64]
# TROW-NEXT: tt.sfpu(region(X_rows), region(mask_0), region(X_rows_pick), tile.add(tile.add(region(X_rows), tile.mask(region(mask_0), 0, last % 32 + 1, axis="row", false_value=-inf, relation="row_index", true_value=0.0)), tile.mask(region(mask_0), 0, last % 32, axis="row", false_value=0.0, relation="row_index", true_value=-inf)))
# TROW-NEXT: tt.reduce(region(X_rows_pick), region(reduce_scaler), region(g), clear=true, dim="col", op="max")
