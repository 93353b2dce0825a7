// Indirect row gathers through C2 and D3; see row_gathers.h. The gathered tensor keeps its
// tiled layout (its rows are read again by whole-tile copies elsewhere, and the host program
// needs no second layout): a row of a 32x32 tile is two 16-element face rows, 32-byte aligned
// runs of the tile page, so each picked row costs two noc_async_reads per 32 columns, the same
// face-row reads as a stencil's shifted window of one row (shift_gather). The index of row i is
// read as a scalar into the 32 bytes where row i's first face row lands, just before that row
// is read over it, so the block's reserved pages are the only L1 the gather uses.
#include "passes/row_gathers.h"

#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/tt_ops.h"
#include "passes/index_reads.h"
#include "passes/pass_util.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

// `off + Idx[...]`, `Idx[...] + off` or `Idx[...]` with Idx a 4-byte integer tensor and `off`
// free of `vars`: the load and the offset.
struct PickedRow {
  const BufferLoad* index = nullptr;
  Expr offset;
};
std::optional<PickedRow> picked_row(const Expr& e, const std::vector<const Variable*>& vars) {
  auto index_load = [](const Expr& x) -> const BufferLoad* {
    const BufferLoad* l = x.as<BufferLoad>();
    return l && l->buffer->scope == MemScope::kGlobal && l->buffer->dtype.is_integer() &&
                   l->buffer->dtype.bytes() == 4
               ? l
               : nullptr;
  };
  auto free_of_nest = [&](const Expr& x) {
    for (const Variable* v : vars) {
      if (uses_var(x, v)) {
        return false;
      }
    }
    return !loads_buffer(x);
  };
  if (const BufferLoad* l = index_load(e)) {
    return PickedRow{l, cint(0, e->loc)};
  }
  const Binary* b = e.as<Binary>();
  if (!b || b->op != BinaryOp::kAdd) {
    return std::nullopt;
  }
  if (const BufferLoad* l = index_load(b->b); l && free_of_nest(b->a)) {
    return PickedRow{l, b->a};
  }
  if (const BufferLoad* l = index_load(b->a); l && free_of_nest(b->b)) {
    return PickedRow{l, b->b};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Stmt> lower_row_gather(const For* outer, PassContext& ctx) {
  std::vector<const For*> nest = parallel_nest(outer);
  if (nest.size() != 2) {
    return std::nullopt;
  }
  const BufferStore* store = nest.back()->body.as<BufferStore>();
  Expr value = store ? strip_float_casts(store->value) : Expr();  // a conversion: an error below
  const BufferLoad* ld = value.defined() ? value.as<BufferLoad>() : nullptr;
  if (!ld || store->buffer->scope != MemScope::kCB || ld->buffer->scope != MemScope::kGlobal ||
      store->buffer.rank() != 2 || ld->buffer.rank() < 2) {
    return std::nullopt;
  }
  const Variable* vi = nest[0]->var.get();
  const Variable* vj = nest[1]->var.get();
  std::vector<const Variable*> vars{vi, vj};
  for (size_t d = 0; d < 2; ++d) {
    if (store->indices[d].get() != vars[d] || const_value(nest[d]->min) != 0 ||
        const_value(nest[d]->extent) != as_const_int(store->buffer->shape[d])) {
      return std::nullopt;
    }
  }
  const Buffer& t = ld->buffer;
  size_t rank = t.rank();
  auto row = picked_row(ld->indices[rank - 2], vars);
  auto col0 = split_index(ld->indices[rank - 1], vj, vars);
  if (!row || !col0 || uses_var(ld->indices[rank - 1], vi)) {
    return std::nullopt;
  }
  // The index run: one index `base + i`, the others free of the nest.
  const BufferLoad* idx = row->index;
  std::vector<Range> run;
  int runs = 0;
  for (const Expr& e : idx->indices) {
    if (uses_var(e, vj) || loads_buffer(e)) {
      return std::nullopt;
    }
    if (!uses_var(e, vi)) {
      run.push_back(Range{e, cint(1, e->loc)});
      continue;
    }
    auto base = split_index(e, vi, vars);
    if (!base) {
      return std::nullopt;
    }
    run.push_back(Range{*base, nest[0]->extent});
    ++runs;
  }
  if (runs != 1) {
    return std::nullopt;
  }
  Location loc = outer->loc;
  const Buffer& dst = store->buffer;
  auto fail = [&](const std::string& why) {
    ctx.error(ld->loc) << fmt::format(
        "the gather of rows of '{}' picked by '{}' into block '{}': {}", t->name, print(Expr(idx)),
        dst->name, why);
    return std::optional<Stmt>(SeqStmt::make({}, loc));
  };
  std::vector<Range> src;
  for (size_t d = 0; d + 2 < rank; ++d) {
    if (uses_var(ld->indices[d], vi) || uses_var(ld->indices[d], vj)) {
      return fail(
          fmt::format("index {} of '{}' moves with the nest; the rows are picked along "
                      "its second-to-last dimension, one index of each other",
                      d, t->name));
    }
    src.push_back(Range{ld->indices[d], cint(1, loc)});
  }
  auto bm = as_const_int(dst->shape[0]), bn = as_const_int(dst->shape[1]);
  if (!bm || !bn || *bm % kTile != 0 || *bn % kTile != 0) {
    return fail("the reader assembles whole 32x32 tiles (a block whose sides are multiples of 32)");
  }
  int64_t bytes = tile_bytes(t->dtype) / (kTile * kTile);
  if (t->dtype != dst->dtype || (bytes != 2 && bytes != 4)) {
    return fail(
        fmt::format("rows move as they are: '{}' ({}) and '{}' ({}) must share a 2- or "
                    "4-byte dtype (convert in a T.Parallel nest after the gather)",
                    t->name, t->dtype.str(), dst->name, dst->dtype.str()));
  }
  src.push_back(Range{cint(0, loc), t->shape[rank - 2]});
  src.push_back(Range{*col0, cint(*bn, loc)});
  return tt_call_stmt(TtOp::kGatherRows,
                      {RegionRef::make(Region{t, src, loc}, loc), buffer_ref(dst, loc),
                       RegionRef::make(Region{idx->buffer, run, loc}, loc), row->offset},
                      {}, loc);
}

Stmt expand_row_gather(const Call* c, const std::map<const BufferNode*, Var>& accessors,
                       PassContext& ctx, Location loc) {
  const Region& src = *tt::GatherRows::src(c);
  const Region& index = *tt::GatherRows::index(c);
  Buffer cb = tt::GatherRows::cb(c);
  Expr accessor = tt::GatherRows::accessor(c);
  auto index_accessor = accessors.find(index.buffer.get());
  TILE_ASSERT(accessor.defined() && index_accessor != accessors.end())
      << "D2 binds the gathered tensor and the index tensor to accessors";
  const Buffer& t = src.buffer;
  size_t rank = t.rank();
  auto grid = tile_grid(t);
  Expr page0 = simplify(outer_page(src, loc));
  auto cbg = tile_grid(cb);
  int64_t rows = cbg[0] * kTile, cols = cbg[1] * kTile;
  int64_t elem = tile_bytes(cb->dtype) / (kTile * kTile);
  int64_t face = 256 * elem, face_row = 16 * elem, tile = 1024 * elem;
  Var l1 = Variable::make("l1_write_addr", DataType::int32(), loc);
  Var k = Variable::make("gather_row", DataType::int32(), loc);
  // Row k's first face row: tile row k / 32, face (k % 32) / 16 * 2, row k % 16 of the face.
  Expr slot = add(
      l1, add(mul(floordiv(k, cint(kTile, loc)), cint(cbg[1] * tile, loc)),
              add(mul(floordiv(floormod(k, cint(kTile, loc)), cint(16, loc)), cint(2 * face, loc)),
                  mul(floormod(k, cint(16, loc)), cint(face_row, loc)))));
  std::vector<Expr> at;
  for (const Range& r : index.ranges) {
    at.push_back(const_value(r.extent) == 1 ? r.min : add(r.min, k));
  }
  Expr element = BufferLoad::make(index.buffer, at, loc);
  auto [page, byte] = element_address(element.as<BufferLoad>());
  Var where = Variable::make("gather_slot", DataType::int32(), loc);
  Var picked = Variable::make(index.buffer->name + "_element", index.buffer->dtype, loc);
  Expr word = tt_call(TtOp::kReadElementWord, DataType::uint32(),
                      {where, index_accessor->second, page, byte}, {}, loc);
  Expr row = simplify(add(tt::GatherRows::offset(c), picked));
  Stmt gather =
      tt_call_stmt(TtOp::kShiftGather,
                   {where, accessor, row, src.ranges[rank - 1].min, cint(1, loc), cint(cols, loc),
                    cint(grid[0], loc), cint(grid[1], loc), cint(elem, loc), page0},
                   {}, loc);
  Stmt body = LetStmt::make(
      where, slot,
      LetStmt::make(picked, decode_element(index.buffer->dtype, word, loc), gather, loc), loc);
  ctx.remark(loc, "row-gather") << fmt::format(
      "gathers {} rows of '{}' picked by '{}' (plus '{}') into CB '{}': per row one 32-byte read "
      "of its index and one noc_async_read of {} bytes per face row, zeros for an index outside "
      "the tensor's {} rows, one barrier, {}",
      rows, t->name, index.buffer->name, print(tt::GatherRows::offset(c)), cb->name, face_row,
      grid[0] * kTile, tt_op_name(TtOp::kCbPushBack));
  Expr cb_ref = buffer_ref(cb, loc);
  int64_t pages = cbg[0] * cbg[1];
  Stmt inner = SeqStmt::make(
      {For::make(k, cint(0, loc), cint(rows, loc), ForKind::kSerial, body, 0, {}, loc),
       tt_call_stmt(TtOp::kNocAsyncReadBarrier, {}, {}, loc),
       tt_call_stmt(TtOp::kCbPushBack, {cb_ref, cint(pages, loc)}, {}, loc)},
      loc);
  return SeqStmt::make(
      {tt_call_stmt(TtOp::kCbReserveBack, {cb_ref, cint(pages, loc)}, {}, loc),
       LetStmt::make(l1, tt_call(TtOp::kGetWritePtr, DataType::int32(), {cb_ref}, {}, loc), inner,
                     loc)},
      loc);
}

}  // namespace tltt::passes
