// Row writes of padded blocks through C2 and D3; see row_writes.h. A block smaller than a tile
// lives in the top rows of its (padded) tiles; its rows land in the tensor at any row origin,
// 16 elements (one face row) at a time: each face row of the block's tiles is a 32-byte aligned
// run of an L1 page and of a tensor page, moved with noc_async_write. Rows of the tensor's
// tiles outside the region are never written, so blocks that share a tile (16-row blocks, one
// row per block) each write their own rows.
#include "passes/row_writes.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/equality.h"
#include "ir/printer.h"
#include "ir/tt_ops.h"
#include "passes/index_reads.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The constant c of a run-time row count `min(n, c)` (guarded_row_store's extent).
std::optional<int64_t> row_count_cap(const Expr& extent) {
  const Binary* b = extent.as<Binary>();
  if (!b || b->op != BinaryOp::kMin || const_value(b->a)) {
    return std::nullopt;
  }
  return const_value(b->b);
}

// B - A of a guard `A + i < B` (B - A + 1 for `<=`) on the row variable of `row`.
std::optional<Expr> row_bound(const Expr& cond, const For* row,
                              const std::vector<const For*>& nest) {
  const Compare* c = cond.as<Compare>();
  auto rows = const_value(row->extent);
  if (!c || !rows) {
    return std::nullopt;
  }
  auto free_of_nest = [&](const Expr& e) {
    for (const For* f : nest) {
      if (uses_var(e, f->var.get())) {
        return false;
      }
    }
    return true;
  };
  // As `lhs OP rhs` with the row variable on the left: `i + A < B` or `i + A <= B`.
  Expr lhs = c->a, rhs = c->b;
  CompareOp op = c->op;
  if (!uses_var(lhs, row->var.get())) {
    std::swap(lhs, rhs);
    op = op == CompareOp::kGT   ? CompareOp::kLT
         : op == CompareOp::kGE ? CompareOp::kLE
         : op == CompareOp::kLT ? CompareOp::kGT
         : op == CompareOp::kLE ? CompareOp::kGE
                                : op;
  }
  auto a = affine_in(lhs, row->var.get());
  if ((op != CompareOp::kLT && op != CompareOp::kLE) || !a || a->coef != 1 ||
      !free_of_nest(a->rest) || !free_of_nest(rhs)) {
    return std::nullopt;
  }
  Expr n = sub(rhs, a->rest);
  if (op == CompareOp::kLE) {
    n = add(n, cint(1, c->loc));
  }
  return n;
}

}  // namespace

std::optional<Expr> guarded_row_count(const Expr& cond, const For* row,
                                      const std::vector<const For*>& nest) {
  std::optional<Expr> n = row_bound(cond, row, nest);
  if (!n) {
    return std::nullopt;
  }
  int64_t rows = *const_value(row->extent);
  if (auto k = const_value(*n)) {  // a bound known now: the count itself
    return cint(std::clamp<int64_t>(*k, 0, rows), cond->loc);
  }
  return Binary::make(BinaryOp::kMin, *n, cint(rows, cond->loc), cond->loc);
}

std::optional<GuardedRowStore> guarded_row_store(const std::vector<const For*>& nest) {
  const IfThenElse* ite = nest.back()->body.as<IfThenElse>();
  const BufferStore* st = ite ? ite->then_case.as<BufferStore>() : nullptr;
  if (!st || ite->else_case.defined() || nest.size() < 2 ||
      st->buffer->scope != MemScope::kGlobal || !st->value.as<BufferLoad>()) {
    return std::nullopt;
  }
  const For* row = nest[nest.size() - 2];
  std::optional<Expr> n = row_bound(ite->cond, row, nest);
  if (!n) {
    return std::nullopt;
  }
  return GuardedRowStore{
      st, Binary::make(BinaryOp::kMin, *n, cint(*const_value(row->extent), ite->cond->loc),
                       ite->cond->loc)};
}

bool is_row_write(const Region& dst, int64_t block_rows) {
  size_t rank = dst.ranges.size();
  if (rank < 2) {
    return false;
  }
  if (auto cap = row_count_cap(dst.ranges[rank - 2].extent)) {
    return *cap > 0 && *cap <= block_rows;  // a run-time count of the block's first rows
  }
  auto e = const_value(dst.ranges[rank - 2].extent);
  // Fewer rows than the block's tiles, or rows from an origin off the tile grid (a run-time
  // offset such as `seq_start + bx * 64`): either way only the region's rows are written.
  return e && *e > 0 && *e <= block_rows &&
         (*e < block_rows || !exact_div(dst.ranges[rank - 2].min, kTile));
}

bool row_prefix(const Region& src, const Region& dst) {
  if (region_is_full(src)) {
    return true;
  }
  size_t rank = src.ranges.size();
  if (rank < 2 || dst.ranges.size() < 2) {
    return false;
  }
  for (size_t d = 0; d < rank; ++d) {
    if (const_value(src.ranges[d].min) != std::optional<int64_t>(0) ||
        (d + 2 != rank && !structural_equal(src.ranges[d].extent, src.buffer->shape[d]))) {
      return false;
    }
  }
  return structural_equal(src.ranges[rank - 2].extent, dst.ranges[dst.ranges.size() - 2].extent);
}

Stmt lower_row_write(const Region& dst, const Buffer& src, PassContext& ctx, Location loc) {
  const Buffer& t = dst.buffer;
  size_t rank = dst.ranges.size();
  auto fail = [&](const std::string& why) {
    ctx.error(loc) << fmt::format(
        "T.copy of block '{}' to {} rows of '{}' at [{}, {}] (rows written one by one): {}",
        src->name, print(dst.ranges[rank - 2].extent), t->name, print(dst.ranges[rank - 2].min),
        print(dst.ranges[rank - 1].min), why);
    return SeqStmt::make({}, loc);
  };
  for (size_t d = 0; d + 2 < rank; ++d) {
    if (const_value(dst.ranges[d].extent) != std::optional<int64_t>(1)) {
      return fail("the region spans more than the last two dimensions");
    }
  }
  auto cols = as_const_int(src->shape[src.rank() - 1]);
  auto rows = as_const_int(src->shape[src.rank() - 2]);
  if (!cols || !rows || *cols % kTile != 0 || *rows % kTile != 0 ||
      const_value(dst.ranges[rank - 1].extent) != cols) {
    return fail(
        fmt::format("the writer stores rows of whole 32x32 tiles of a 2-D block as wide "
                    "as the region ('{}' must be whole tiles, its columns the region's)",
                    src->name));
  }
  if (!exact_div(dst.ranges[rank - 1].min, kTile)) {
    return fail(
        "the column origin is not provably a multiple of 32 (rows are written as whole "
        "face rows of the tensor's tiles)");
  }
  int64_t bytes = tile_bytes(t->dtype) / (kTile * kTile);
  if (t->dtype != src->dtype || (bytes != 2 && bytes != 4)) {
    return fail(fmt::format(
        "rows move as they are: '{}' ({}) and block '{}' ({}) must share a 2- or 4-byte dtype "
        "(convert in a T.Parallel nest before the copy)",
        t->name, t->dtype.str(), src->name, src->dtype.str()));
  }
  return tt_call_stmt(TtOp::kWriteTiles, {buffer_ref(src, loc), RegionRef::make(dst, loc)}, {},
                      loc);
}

Stmt expand_row_write(const Call* c, PassContext& ctx, Location loc) {
  const Region& dst = *tt::WriteTiles::dst(c);
  Buffer cb = tt::WriteTiles::cb(c);
  Expr accessor = tt::WriteTiles::accessor(c);
  TILE_ASSERT(accessor.defined()) << "D2 binds every moved tensor to an accessor";
  const Buffer& t = dst.buffer;
  size_t rank = t.rank();
  auto grid = tile_grid(t);
  auto cbg = tile_grid(cb);
  int64_t n = cbg[0] * cbg[1], bn = cbg[1] * kTile;
  // A run-time count (`min(n, c)`) may be negative: no rows then.
  const Expr& extent = dst.ranges[rank - 2].extent;
  Expr rows = const_value(extent) ? cint(*const_value(extent), loc)
                                  : Binary::make(BinaryOp::kMax, extent, cint(0, loc), loc);
  int64_t elem = tile_bytes(cb->dtype) / (kTile * kTile);
  Expr page0 = outer_page(dst, loc);  // page of the tile grid at the leading indices
  const Expr& row0 = dst.ranges[rank - 2].min;
  const Expr& col0 = dst.ranges[rank - 1].min;
  ctx.remark(loc, "row-write") << fmt::format(
      "writes the first {} rows of CB '{}' to '{}' at [{}, {}]: one noc_async_write of {} bytes "
      "per face row, the other rows of the tensor's tiles left as they are, one barrier, {}",
      print(rows), cb->name, t->name, print(row0), print(col0), 16 * elem,
      tt_op_name(TtOp::kCbPopFront));
  Expr cb_ref = buffer_ref(cb, loc);
  Var l1 = Variable::make("l1_read_addr", DataType::int32(), loc);
  Stmt inner =
      SeqStmt::make({tt_call_stmt(TtOp::kRowScatter,
                                  {l1, accessor, page0, row0, col0, rows, cint(bn, loc),
                                   cint(grid[0], loc), cint(grid[1], loc), cint(elem, loc)},
                                  {}, loc),
                     tt_call_stmt(TtOp::kNocAsyncWriteBarrier, {}, {}, loc),
                     tt_call_stmt(TtOp::kCbPopFront, {cb_ref, cint(n, loc)}, {}, loc)},
                    loc);
  return SeqStmt::make(
      {tt_call_stmt(TtOp::kCbWaitFront, {cb_ref, cint(n, loc)}, {}, loc),
       LetStmt::make(l1, tt_call(TtOp::kGetReadPtr, DataType::int32(), {cb_ref}, {}, loc), inner,
                     loc)},
      loc);
}

}  // namespace tltt::passes
