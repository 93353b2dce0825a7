// D3: reader/writer protocol. A tile read of an h x w tile region into a CB becomes
//   cb_reserve_back(cb, h*w); let l1_write_addr = get_write_ptr(cb)
//   for i, j: noc_async_read_tile(tile_id(i, j), accessor, l1_write_addr + (i*w + j) * page)
//   noc_async_read_barrier(); cb_push_back(cb, h*w)
// and a tile write the mirror image (cb_wait_front, get_read_ptr, noc_async_write_tile,
// noc_async_write_barrier, cb_pop_front); tt.mask_tile becomes a fill_mask_tile of a reserved
// page. Tile ids come from the region coordinates: for a
// tensor with Wt tile columns, region [r0 +: h*32, c0 +: w*32] covers tiles
// (r0/32 + i) * Wt + c0/32 + j (plus the page offset of leading indices). A block the reader
// keeps to itself (the source of tt.read_local_tiles) is read without the push; a
// tt.read_local_tiles reads its tile columns from the core's own L1 with noc_async_read; a
// shifted tt.read_tiles (a window off the tile grid) is the reader's gather (shifted_reads.h).
// A tensor with ordered updates (TensorPlan::ordered_update) is read only after the core's
// previous write of it has landed: update_acquire before the read, update_release after the
// write's barrier (a token in a semaphore, so a region read again sees the sum written), the
// row write of a padded block's valid rows and the shifted read of a window included.
#include "passes/cb_noc_protocol.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/held_rows_writer.h"
#include "passes/im2col.h"
#include "passes/index_mailbox.h"
#include "passes/index_reads.h"
#include "passes/local_copies.h"
#include "passes/pass_util.h"
#include "passes/row_gathers.h"
#include "passes/row_writes.h"
#include "passes/shifted_reads.h"
#include "passes/tt_attrs.h"
#include "passes/writer_holds.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Expand : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  std::set<const BufferNode*> held;            // the sources of tt.read_local_tiles
  std::set<std::string> ordered;               // the tensors with ordered updates
  std::map<const BufferNode*, Var> accessors;  // D2's accessor of each tensor
  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (is_tt_op(c, TtOp::kMaskTile)) {
      return mask_tile(c, op->loc);
    }
    if (is_tt_op(c, TtOp::kReadLocalTiles)) {
      return read_local(c, op->loc);
    }
    if (is_tt_op(c, TtOp::kReadIm2col)) {
      return expand_im2col(c, *ctx, op->loc);
    }
    if (is_tt_op(c, TtOp::kGatherRows)) {
      return expand_row_gather(c, accessors, *ctx, op->loc);  // rows picked by an index tensor
    }
    bool read = is_tt_op(c, TtOp::kReadTiles);
    if (read && tt::ReadTiles::shifted(c)) {
      // A window off the tile grid (a padded block's rows among them); an ordered update
      // takes the token before it like any other read.
      Stmt gather = expand_shifted_load(c, *ctx, op->loc);
      if (!ordered.count(tt::ReadTiles::src(c)->buffer->name)) {
        return gather;
      }
      Expr token = runtime_arg(tt::ReadTiles::src(c)->buffer->name + "_update_sem", op->loc);
      return seq({tt_call_stmt(TtOp::kUpdateAcquire, {token}, {}, op->loc), gather}, op->loc);
    }
    if (!read && !is_tt_op(c, TtOp::kWriteTiles)) {
      return Mutator::visit(op);
    }
    if (!read &&
        is_row_write(*tt::WriteTiles::dst(c), tile_grid(tt::WriteTiles::cb(c))[0] * kTile)) {
      // The valid rows of a padded block; its barrier ends the write too, so an ordered
      // update hands the token back after it like any other write (the reader waits for it).
      Stmt rows = expand_row_write(c, *ctx, op->loc);
      if (!ordered.count(tt::WriteTiles::dst(c)->buffer->name)) {
        return rows;
      }
      Expr token = runtime_arg(tt::WriteTiles::dst(c)->buffer->name + "_update_sem", op->loc);
      return seq({rows, tt_call_stmt(TtOp::kUpdateRelease, {token}, {}, op->loc)}, op->loc);
    }
    const Region& tensor = read ? *tt::ReadTiles::src(c) : *tt::WriteTiles::dst(c);
    Buffer cb = read ? tt::ReadTiles::cb(c) : tt::WriteTiles::cb(c);
    Expr accessor = read ? tt::ReadTiles::accessor(c) : tt::WriteTiles::accessor(c);
    TILE_ASSERT(accessor.defined()) << "D2 binds every moved tensor to an accessor";
    Location loc = op->loc;
    const Buffer& t = tensor.buffer;
    size_t rank = t.rank();
    auto grid = tile_grid(t);
    int64_t ht = grid[0], wt = grid[1];
    // Page offset of the leading (non-tiled) indices.
    Expr base = cint(0, loc);
    for (size_t d = 0; d + 2 < rank; ++d) {
      base = add(mul(base, t->shape[d]), tensor.ranges[d].min);
    }
    base = mul(base, cint(ht * wt, loc));
    auto row0 = exact_div(tensor.ranges[rank - 2].min, kTile);
    auto col0 = exact_div(tensor.ranges[rank - 1].min, kTile);
    TILE_ASSERT(row0 && col0) << "C2 guarantees tile-aligned regions";
    int64_t h = *const_value(tensor.ranges[rank - 2].extent) / kTile;
    int64_t w = *const_value(tensor.ranges[rank - 1].extent) / kTile;
    int64_t n = h * w;
    int64_t page = cb->attrs.get_int(keys::kCbPageSize, tile_bytes(cb->dtype));
    ctx->remark(loc, "transfer") << fmt::format(
        "{} a {}x{}-tile block of '{}' {} CB '{}' as one transfer: {} {} pages of {} bytes, {} "
        "{}, one barrier, {} (tile ids row-major over the tensor's {} tile columns)",
        read ? "reads" : "writes", h, w, t->name, read ? "into" : "from", cb->name,
        tt_op_name(read ? TtOp::kCbReserveBack : TtOp::kCbWaitFront), n, page, n,
        tt_op_name(read ? TtOp::kNocAsyncReadTile : TtOp::kNocAsyncWriteTile),
        tt_op_name(read ? TtOp::kCbPushBack : TtOp::kCbPopFront), wt);
    Var i = Variable::make("i", DataType::int32(), loc);
    Var j = Variable::make("j", DataType::int32(), loc);
    Expr ie = h > 1 ? Expr(i) : cint(0, loc);
    Expr je = w > 1 ? Expr(j) : cint(0, loc);
    Expr tile_id = add(base, add(mul(add(*row0, ie), cint(wt, loc)), add(*col0, je)));
    Var l1 = Variable::make(read ? "l1_write_addr" : "l1_read_addr", DataType::int32(), loc);
    Expr addr = add(l1, mul(add(mul(ie, cint(w, loc)), je), cint(page, loc)));
    // A read into tile columns of a held block (its CB operand a region of it) lands at their
    // place in the block: tile row i starts a whole row of the block further.
    // A held block the writer copies from (C4a) is filled by pushes in column order instead:
    // each read lands at the write pointer, like any other.
    const RegionRef* part = read ? tt::ReadTiles::cb_arg(c).as<RegionRef>() : nullptr;
    if (part && !region_is_full(part->region) && !held_on_writer(cb)) {
      auto col = held_part({cb.get()}, part->region);
      TILE_ASSERT(col) << "C2 reads into tile columns of a held block only";
      addr =
          add(l1, mul(add(mul(ie, cint(tile_grid(cb)[1], loc)), add(*col, je)), cint(page, loc)));
    }
    Expr cb_ref = buffer_ref(cb, loc);
    Stmt xfer = tt_call_stmt(read ? TtOp::kNocAsyncReadTile : TtOp::kNocAsyncWriteTile,
                             {tile_id, accessor, addr}, {}, loc);
    if (w > 1) {
      xfer = For::make(j, cint(0, loc), cint(w, loc), ForKind::kSerial, xfer, 0, {}, loc);
    }
    if (h > 1) {
      xfer = For::make(i, cint(0, loc), cint(h, loc), ForKind::kSerial, xfer, 0, {}, loc);
    }
    std::vector<Stmt> body = {
        xfer,
        tt_call_stmt(read ? TtOp::kNocAsyncReadBarrier : TtOp::kNocAsyncWriteBarrier, {}, {}, loc)};
    // A block the reader keeps to itself is never handed on: its pages stay reserved, at the
    // same address for every block, and the reader's own copies read them there.
    Expr token = runtime_arg(t->name + "_update_sem", loc);
    bool in_order = ordered.count(t->name) > 0;
    if (in_order && !read) {
      body.push_back(tt_call_stmt(TtOp::kUpdateRelease, {token}, {}, loc));
    }
    if (!read || !held.count(cb.get())) {
      body.push_back(tt_call_stmt(read ? TtOp::kCbPushBack : TtOp::kCbPopFront,
                                  {cb_ref, cint(n, loc)}, {}, loc));
    }
    Stmt inner = seq(body, loc);
    Stmt with_ptr = LetStmt::make(l1,
                                  tt_call(read ? TtOp::kGetWritePtr : TtOp::kGetReadPtr,
                                          DataType::int32(), {cb_ref}, {}, loc),
                                  inner, loc);
    std::vector<Stmt> out;
    if (in_order && read) {
      out.push_back(tt_call_stmt(TtOp::kUpdateAcquire, {token}, {}, loc));
    }
    out.push_back(tt_call_stmt(read ? TtOp::kCbReserveBack : TtOp::kCbWaitFront,
                               {cb_ref, cint(n, loc)}, {}, loc));
    out.push_back(with_ptr);
    return seq(out, loc);
  }

  // A loop C4 marked (writer_holds.h): its copies out of the held CBs keep the block at the
  // front (their pops dropped), one wait + pop after the loop consumes it.
  Stmt visit(const For* op) override {
    std::vector<int64_t> holds = writer_holds_of(op);
    Stmt s = Mutator::visit(op);
    std::vector<Buffer> cbs;
    post_order_visit(op->body, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      if (!is_tt_op(c, TtOp::kWriteTiles)) {
        return;
      }
      Buffer cb = tt::WriteTiles::cb(c);
      int64_t index = cb->attrs.get_int(keys::kCbIndex, -1);
      bool listed = std::find(holds.begin(), holds.end(), index) != holds.end();
      bool seen =
          std::any_of(cbs.begin(), cbs.end(), [&](const Buffer& b) { return b.same_as(cb); });
      if (listed && !seen) {
        cbs.push_back(cb);
      }
    });
    if (cbs.empty()) {
      return s;
    }
    const For* f = s.as<For>();
    KeepFront keep;
    keep.cbs = &cbs;
    std::vector<Stmt> out = {For::make(f->var, f->min, f->extent, f->for_kind, keep.mutate(f->body),
                                       f->num_stages, f->attrs, f->loc)};
    for (const Buffer& b : cbs) {
      ctx->remark(op->loc, "held-write") << fmt::format(
          "CB '{}' stays at the front through the loop's copies out and is popped after it",
          b->name);
      Expr ref = buffer_ref(b, op->loc), n = cint(buffer_tiles(b), op->loc);
      out.push_back(tt_call_stmt(TtOp::kCbWaitFront, {ref, n}, {}, op->loc));
      out.push_back(tt_call_stmt(TtOp::kCbPopFront, {ref, n}, {}, op->loc));
    }
    return seq(out, op->loc);
  }

 private:
  // Drops the cb_pop_front of the held CBs from a marked loop's expanded copies.
  class KeepFront : public Mutator {
   public:
    using Mutator::visit;
    const std::vector<Buffer>* cbs = nullptr;
    Stmt visit(const SeqStmt* op) override {
      std::vector<Stmt> kept;
      for (const Stmt& st : op->stmts) {
        const Call* c = as_call_stmt(st);
        bool held = is_tt_op(c, TtOp::kCbPopFront) &&
                    std::any_of(cbs->begin(), cbs->end(),
                                [&](const Buffer& b) { return b.same_as(tt::CbPopFront::cb(c)); });
        if (!held) {
          kept.push_back(mutate(st));
        }
      }
      return seq(kept, op->loc);
    }
  };

  // reserve(cb, h*w); for each of the h tile rows, one read of w tiles from the core's own L1,
  // where the reader keeps `src` (its write pointer, never pushed); barrier; push.
  Stmt read_local(const Call* c, Location loc) {
    Buffer src = tt::ReadLocalTiles::src(c), cb = tt::ReadLocalTiles::cb(c);
    auto sg = tile_grid(src), dg = tile_grid(cb);
    int64_t h = dg[0], w = dg[1], n = h * w;
    int64_t page = cb->attrs.get_int(keys::kCbPageSize, tile_bytes(cb->dtype));
    // On the writer (C4a) the block is the front of a CB the reader pushes in column order
    // (one tile row): wait for the pages up to the copy's last column, read from the front.
    const bool writer = held_on_writer(src);
    ctx->remark(loc, "local") << fmt::format(
        "copies {}x{} tiles of '{}', which the {} keeps in L1, into CB '{}': {} read{} of {} "
        "bytes from the core's own L1, one barrier, {}",
        h, w, src->name, writer ? "writer reads from the reader's pushes" : "reader", cb->name, h,
        h > 1 ? "s" : "", w * page, tt_op_name(TtOp::kCbPushBack));
    Var i = Variable::make("i", DataType::int32(), loc);
    Expr ie = h > 1 ? Expr(i) : cint(0, loc);
    Var l1 = Variable::make("l1_write_addr", DataType::int32(), loc);
    Expr from =
        add(tt_call(writer ? TtOp::kGetReadPtr : TtOp::kGetWritePtr, DataType::int32(),
                    {buffer_ref(src, loc)}, {}, loc),
            mul(add(mul(ie, cint(sg[1], loc)), tt::ReadLocalTiles::col(c)), cint(page, loc)));
    Stmt xfer = tt_call_stmt(TtOp::kNocAsyncRead,
                             {tt_call(TtOp::kGetNocAddr, DataType::uint64(), {from}, {}, loc),
                              add(l1, mul(ie, cint(w * page, loc))), cint(w * page, loc)},
                             {}, loc);
    if (h > 1) {
      xfer = For::make(i, cint(0, loc), cint(h, loc), ForKind::kSerial, xfer, 0, {}, loc);
    }
    Expr cb_ref = buffer_ref(cb, loc);
    Stmt inner = seq({xfer, tt_call_stmt(TtOp::kNocAsyncReadBarrier, {}, {}, loc),
                      tt_call_stmt(TtOp::kCbPushBack, {cb_ref, cint(n, loc)}, {}, loc)},
                     loc);
    std::vector<Stmt> out;
    if (writer) {
      out.push_back(tt_call_stmt(
          TtOp::kCbWaitFront, {buffer_ref(src, loc), add(tt::ReadLocalTiles::col(c), cint(w, loc))},
          {}, loc));
    }
    out.push_back(tt_call_stmt(TtOp::kCbReserveBack, {cb_ref, cint(n, loc)}, {}, loc));
    out.push_back(LetStmt::make(
        l1, tt_call(TtOp::kGetWritePtr, DataType::int32(), {cb_ref}, {}, loc), inner, loc));
    return seq(out, loc);
  }

  // The reader writes the mask's triangle tile into L1 itself (fill_mask_tile, a helper the
  // kernel printer defines), as float32 bits.
  static Stmt mask_tile(const Call* c, Location loc) {
    Expr cb = tt::MaskTile::cb_arg(c);
    // Triangles 0..3; a bound mask's first k columns (32 + k) or rows (64 + k); the column
    // (96) or row (97) index of each element, a run-time bound mask's index tile.
    static const std::map<std::string, int64_t> relations = {
        {">=", 0}, {">", 1}, {"<=", 2}, {"<", 3}, {"col_index", 96}, {"row_index", 97}};
    std::string rel = tt::MaskTile::relation(c);
    int64_t code = rel.starts_with("col<")   ? 32 + std::stoll(rel.substr(4))
                   : rel.starts_with("row<") ? 64 + std::stoll(rel.substr(4))
                                             : relations.at(rel);
    auto bits = [&](double v) { return IntImm::make(float_bits(v), DataType::uint32(), loc); };
    Expr addr = tt_call(TtOp::kGetWritePtr, DataType::int32(), {cb}, {}, loc);
    return seq({tt_call_stmt(TtOp::kCbReserveBack, {cb, cint(1, loc)}, {}, loc),
                tt_call_stmt(TtOp::kFillMaskTile,
                             {addr, cint(code, loc), bits(tt::MaskTile::true_value(c)),
                              bits(tt::MaskTile::false_value(c))},
                             {}, loc),
                tt_call_stmt(TtOp::kCbPushBack, {cb, cint(1, loc)}, {}, loc)},
               loc);
  }
};

// The accessors D2 bound in `f` (lets of tensor_accessor), by tensor, in the plan's slot order.
std::map<const BufferNode*, Var> accessors_of(const Module& m, const PrimFunc& f) {
  std::map<const BufferNode*, Var> accessors;
  const KernelPlan* k = m.plan.kernel_of(f.name);
  post_order_visit(f.body, [&](const Node* n) {
    const auto* let = n->kind == NodeKind::kLetStmt ? static_cast<const LetStmt*>(n) : nullptr;
    const Call* c = let ? let->value.as<Call>() : nullptr;
    auto slot = is_tt_op(c, TtOp::kTensorAccessor) ? as_const_int(tt::TensorAccessor::cta_slot(c))
                                                   : std::nullopt;
    if (!slot || !k || *slot >= static_cast<int64_t>(k->accessors.size())) {
      return;
    }
    for (const Param& p : f.params) {
      if (p.is_buffer() && p.buffer->name == k->accessors[static_cast<size_t>(*slot)]) {
        accessors[p.buffer.get()] = let->var;
      }
    }
  });
  return accessors;
}

}  // namespace

Module cb_noc_protocol(const Module& m, PassContext& ctx) {
  // Tensor elements compute needs as scalars first: the reader hands them over (index_mailbox.h).
  KernelAccessors all;
  for (const PrimFunc& f : m.functions) {
    all[f.name] = accessors_of(m, f);
  }
  Module out = mailbox_index_values(m, all, ctx);
  for (PrimFunc& f : out.functions) {
    std::string role = kernel_role(out, f);
    if (role == "compute" && !ctx.failed()) {
      f.body = read_index_elements(f.body, role, {}, ctx);  // located errors only
    }
    if (role != "reader" && role != "writer") {
      continue;
    }
    Expand e;
    e.ctx = &ctx;
    e.accessors = accessors_of(out, f);
    for (const TensorPlan& t : out.plan.tensors) {
      if (t.ordered_update) {
        e.ordered.insert(t.name);
      }
    }
    post_order_visit(f.body, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      if (is_tt_op(c, TtOp::kReadLocalTiles)) {
        e.held.insert(tt::ReadLocalTiles::src(c).get());
      }
    });
    f = e.mutate(f);
    // Tensor elements read as scalars (index tensors): through the accessors D2 bound.
    f.body = read_index_elements(f.body, role, accessors_of(out, f), ctx);
  }
  return out;
}

}  // namespace tltt::passes
