// Stores of blocks padded past a row window smaller than a tile (B1 pads a [16, N] block copied
// to `O[hb * 16:(hb + 1) * 16, :]` to [32, N]): C2 lowers the store to a tt.write_tiles of only
// the region's rows, D3 expands it into the writer's face-row writes, so the other rows of the
// tensor's tiles (another block's) are left as they are.
#pragma once

#include <optional>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// The number of first rows of loop `row` (of constant extent) that a guard `A + i < B` keeps
// (also `<=`, `>`, `>=`, either side; A and B free of the variables of `nest`): a constant when
// B - A is one (clamped to [0, extent]), else `min(B - A, extent)`; nullopt for another condition.
std::optional<ir::Expr> guarded_row_count(const ir::Expr& cond, const ir::For* row,
                                          const std::vector<const ir::For*>& nest);

// C1's preparation: a T.Parallel nest whose one statement stores a block's rows into a tensor
// under a bound on the block row (`if A + i < B: T[base + i, ..., c + j] = block[i, j]`, the
// row variable i the nest's next-to-last, A and B free of the nest's variables; also `<=`, `>`,
// `>=`, either side): the varlen kernels' store of the rows a sequence has. Gives the store and the
// row count `min(B - A, rows)` (the copy's row extent; D3 clamps it at 0 too); nullopt for any
// other nest.
struct GuardedRowStore {
  const ir::BufferStore* store = nullptr;
  ir::Expr rows;
};
std::optional<GuardedRowStore> guarded_row_store(const std::vector<const ir::For*>& nest);

// C2 and D3: whether a store of a block of `block_rows` rows to tensor region `dst` writes fewer
// rows (the region's row extent, a constant, is smaller, or a run-time count `min(n, c)` with
// c <= block_rows from guarded_row_store) or starts at a row that is not provably a multiple of
// 32 (a run-time offset): the writer then stores the region's rows.
bool is_row_write(const ir::Region& dst, int64_t block_rows);

// C2: whether on-chip region `src` stored to tensor region `dst` is its whole block, or the
// block's first rows (origin 0, all columns) as many as `dst` has.
bool row_prefix(const ir::Region& src, const ir::Region& dst);

// C2: that store as tt.write_tiles whose region has the valid rows (D3 tells it from the
// region's row extent and the CB's tiles); a located error (and an empty statement) for
// what the writer cannot serve: leading extents other than 1, columns that are not the block's
// or whose origin is not provably a multiple of 32, a dtype other than the block's 2- or 4-byte
// one.
ir::Stmt lower_row_write(const ir::Region& dst, const ir::Buffer& src, PassContext& ctx,
                         Location loc);

// D3: such a tt.write_tiles (its accessor bound) as cb_wait_front, the row_scatter of the
// valid rows from the front pages (page0, row0, col0, rows, cols, tensor tile rows and columns,
// element bytes), the write barrier and cb_pop_front.
ir::Stmt expand_row_write(const ir::Call* c, PassContext& ctx, Location loc);

}  // namespace tltt::passes
