// B1's padding of on-chip blocks that are not whole tiles (see padding.h): which blocks can be
// padded, widening them and their loops, and the masks before reductions over their padding.
#include <fmt/format.h>

#include <array>
#include <limits>
#include <map>
#include <set>

#include "ir/mutator.h"
#include "passes/padding.h"
#include "passes/pass_util.h"

namespace tltt::passes::padding {

using namespace ir;
using partition::RangeTracker;

namespace {

// On-chip blocks whose declared extents are not whole tiles (a [32, 1000] row block) get the
// padded extent (1024) when that is safe: every tensor region they are copied from or to ends
// exactly at the tensor's logical end, or starts on a tile boundary and reaches past it (a
// block of 16 heads over a tensor of 2, as TileLang's predicated copies allow), so the extra
// elements are the tensor's padding (zeros read, writes dropped), and every T.Parallel loop over
// the axis touches only such blocks. The loops are widened to the padded extent. Reductions over a
// padded axis see the identity of the reduction there: a T.Parallel nest before them sets the extra
// elements to 0 (-inf for max, +inf for min), which B3 lowers to a bound mask.
class BlockPadder : public RangeTracker {
 public:
  using RangeTracker::visit;
  std::map<const BufferNode*, std::array<int64_t, 2>> extent;  // declared, of candidates
  bool ok = true;
  std::string why;
  Location why_at;

  void visit(const Allocate* op) override {
    const Buffer& b = op->buffer;
    if (b->scope != MemScope::kGlobal && b->scope != MemScope::kCB && b.rank() >= 2) {
      auto r = as_const_int(b->shape[b.rank() - 2]), c = as_const_int(b->shape[b.rank() - 1]);
      if (r && c && *r > 0 && *c > 0 && (*r % kTile != 0 || *c % kTile != 0)) {
        extent[b.get()] = {*r, *c};
      }
    }
    Visitor::visit(op);
  }
  void visit(const Copy* op) override {
    check_copy(op->src, op->dst, op->loc, false);
    check_copy(op->dst, op->src, op->loc, true);
    Visitor::visit(op);
  }
  void visit(const For* op) override {
    auto ext = const_value(op->extent);
    if (op->for_kind == ForKind::kParallel && ext) {
      // The axes this loop's variable indexes, and whether they are padded.
      bool padded = false, plain = false, global = false, part = false;
      post_order_visit(op->body, [&](const Node* n) {
        const Buffer* b = nullptr;
        const std::vector<Expr>* idx = nullptr;
        if (n->kind == NodeKind::kBufferLoad) {
          b = &static_cast<const BufferLoad*>(n)->buffer;
          idx = &static_cast<const BufferLoad*>(n)->indices;
        } else if (n->kind == NodeKind::kBufferStore) {
          b = &static_cast<const BufferStore*>(n)->buffer;
          idx = &static_cast<const BufferStore*>(n)->indices;
        }
        if (!b) {
          return;
        }
        global |= (*b)->scope == MemScope::kGlobal;
        for (size_t d = 0; d < idx->size() && b->rank() >= 2; ++d) {
          if ((*idx)[d].get() != op->var.get() || d + 2 < b->rank()) {
            continue;
          }
          auto it = extent.find(b->get());
          int64_t e = as_const_int((*b)->shape[d]).value_or(0);
          bool pads = it != extent.end() && e % kTile != 0;
          padded |= pads && e == *ext;
          part |= pads && e != *ext;
          plain |= !pads && e == *ext;
        }
      });
      if (part) {
        reject(op->loc, "a T.Parallel loop runs over part of a block's extent");
      } else if (padded && (plain || global)) {
        reject(op->loc, global ? "the loop also reads or writes a tensor element by element"
                               : "the loop also runs over a block whose extent is kept");
      }
      if (padded) {
        loops.insert(op);
      }
    }
    RangeTracker::visit(op);
  }

  void visit(const LetStmt* op) override {
    lets[op->var.get()] = op->value;
    RangeTracker::visit(op);
  }

  std::set<const For*> loops;
  // Origins of tensor regions along padded axes that are one value in every block (`h0`, a
  // let of `hb * 16` with hb < 1): the widened region starts at that constant, which C2 can
  // see is whole tiles.
  std::map<const Node*, int64_t> origins;
  // Row origins of tensor regions that are windows of the block's rows (their extent is the
  // block's) and are not the tensor's last rows from a tile boundary.
  std::set<const Node*> row_windows;

 private:
  void reject(const Location& at, const std::string& reason) {
    if (ok) {
      ok = false;
      why = reason;
      why_at = at;
    }
  }
  std::map<const Variable*, Expr> lets;
  // `block` copied from (`read`) or to `other`: a tensor region must end at the tensor's end
  // along every padded axis, or be a window of the block's extent (rows either way, columns
  // when read).
  void check_copy(const Region& block, const Region& other, const Location& at, bool read) {
    auto it = extent.find(block.buffer.get());
    if (it == extent.end()) {
      return;
    }
    if (other.buffer->scope != MemScope::kGlobal) {
      return;
    }
    size_t rank = other.ranges.size();
    for (size_t axis = 0; axis < 2 && rank >= 2; ++axis) {
      if (it->second[axis] % kTile == 0) {
        continue;
      }
      size_t d = rank - 2 + axis;
      auto lo = bounds(other.ranges[d].min, ranges);
      // The extent may be `h1 - h0` of lets bound from block variables: its range is one value.
      auto ext_range = bounds(other.ranges[d].extent, ranges);
      std::optional<int64_t> ext;
      if (ext_range && ext_range->lo == ext_range->hi) {
        ext = ext_range->lo;
      }
      auto size = as_const_int(other.buffer->shape[d]);
      if (!ext) {
        ext = fixed_value(other.ranges[d].extent, lets,
                          ranges);  // `h1 - h0` of lets of hb: one value
      }
      bool tile_origin = lo && size && lo->lo == lo->hi && lo->lo % kTile == 0;
      if (axis == 0 && lo && ext && size && *ext == it->second[0] &&
          !(tile_origin && lo->lo + *ext >= *size)) {
        // A window of the block's rows that moves with the block (`X[hb * 16:(hb + 1) * 16, :]`)
        // or lies inside the tensor (one head of several): the padded block is the whole tiles
        // from the region's origin. Reads gather those rows (the rows after the region are
        // another block's, or zeros, and are never read back into the block's own); writes
        // store only the region's rows (C2's row write), so the other rows of the same tiles
        // are kept.
        row_windows.insert(other.ranges[d].min.get());
      } else if (read && ext && *ext == it->second[axis] &&
                 !(tile_origin && lo->lo + *ext >= *size)) {
        // A window of the block's extent read at an origin that moves (`lse[b, k * 16:(k + 1) *
        // 16]`, a loop's slice of columns): the padded block reads whole tiles from that origin
        // (C2's shifted load when it is off the tile grid), its padding the elements after the
        // window, another slice's (or zeros past the tensor's tiles), which the masks before
        // reductions and gemms keep out of results like any padding.
        continue;
      } else if (!lo || !ext || !size || lo->lo != lo->hi) {
        reject(at, fmt::format("the region of '{}' it is copied with moves with the block "
                               "(its padding would overlap another block's region)",
                               other.buffer->name));
      } else if (lo->hi + *ext < *size) {
        reject(at, fmt::format("the region of '{}' it is copied with does not end at the "
                               "tensor's end",
                               other.buffer->name));
      } else if (lo->hi + *ext > *size && lo->hi % kTile != 0) {
        // Past the end, the padded region must start on a tile boundary to be read (written)
        // as whole tiles of the tensor, whose device padding B1 extends to its reach.
        reject(at, fmt::format("the region of '{}' it is copied with reaches past the tensor's "
                               "end from an element that does not start a tile",
                               other.buffer->name));
      } else {
        origins[other.ranges[d].min.get()] = lo->lo;
      }
    }
  }
};

// Widens the padded blocks and their loops, and masks the padding before reductions.
class WidenBlocks : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  const BlockPadder* scan = nullptr;
  std::map<const BufferNode*, Buffer> map;  // old -> padded

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = map.find(b.get());
    return it == map.end() ? b : it->second;
  }
  Region mutate_region(const Region& r) override {
    Region out = Mutator::mutate_region(r);
    widen(r.buffer, out);
    return out;
  }
  Stmt visit(const Copy* op) override {
    Region src = mutate_region(op->src), dst = mutate_region(op->dst);
    follow(op->dst, op->src, src, false);  // the tensor side follows the block
    follow(op->src, op->dst, dst, true);
    return Copy::make(src, dst, op->attrs, op->loc);
  }
  Stmt visit(const For* op) override {
    Stmt s = Mutator::visit(op);
    if (!scan->loops.count(op)) {
      return s;
    }
    const For* f = s.as<For>();
    int64_t e = *const_value(op->extent);
    return For::make(f->var, f->min, cint(round_up_to_tile(e), op->loc), f->for_kind, f->body,
                     f->num_stages, f->attrs, f->loc);
  }
  Stmt visit(const Reduce* op) override {
    Stmt s = Mutator::visit(op);
    auto it = scan->extent.find(op->src.buffer.get());
    int64_t axis = op->dim - static_cast<int64_t>(op->src.buffer.rank()) + 2;
    if (it == scan->extent.end() || axis < 0 || axis > 1 || it->second[axis] % kTile == 0) {
      return s;
    }
    Buffer src = map.at(op->src.buffer.get());
    ctx->remark(op->loc, "padding-mask") << fmt::format(
        "T.reduce_{} over dimension {} of '{}': its {} elements padded to {} are masked with {} "
        "first",
        reduce_kind_name(op->reduce_kind), op->dim, op->src.buffer->name, it->second[axis],
        round_up_to_tile(it->second[axis]),
        op->reduce_kind == ReduceKind::kMax   ? "-inf"
        : op->reduce_kind == ReduceKind::kMin ? "+inf"
                                              : "0");
    return SeqStmt::make(
        {mask_nest(src, static_cast<int>(axis), it->second[axis], op->reduce_kind, op->loc), s},
        op->loc);
  }
  // A gemm whose K axis is padded (a [16, 16] block times a [16, N] one) sums over the padding
  // too: those elements of both operands (another block's rows, or what element-wise operations
  // left there) are set to 0 first, so they add nothing (both, as 0 * inf would not be 0).
  Stmt visit(const Gemm* op) override {
    Stmt s = Mutator::visit(op);
    std::vector<Stmt> out;
    auto mask = [&](const Region& r, int axis) {
      auto it = scan->extent.find(r.buffer.get());
      if (it == scan->extent.end() || it->second[axis] % kTile == 0) {
        return;
      }
      ctx->remark(op->loc, "padding-mask") << fmt::format(
          "T.gemm over the K axis of '{}': its {} elements padded to {} are set to 0 first",
          r.buffer->name, it->second[axis], round_up_to_tile(it->second[axis]));
      out.push_back(
          mask_nest(map.at(r.buffer.get()), axis, it->second[axis], ReduceKind::kSum, op->loc));
    };
    mask(op->a, op->transpose_a ? 0 : 1);
    mask(op->b, op->transpose_b ? 1 : 0);
    if (out.empty()) {
      return s;
    }
    out.push_back(s);
    return SeqStmt::make(out, op->loc);
  }

 private:
  // The padded axes of `r` (a region of block `b` or the tensor side of a copy with it) grow
  // from the declared to the padded extent.
  void widen(const Buffer& b, Region& r) {
    auto it = scan->extent.find(b.get());
    size_t rank = r.ranges.size();
    if (it == scan->extent.end() || rank < 2) {
      return;
    }
    for (size_t axis = 0; axis < 2; ++axis) {
      int64_t e = it->second[axis];
      Range& rg = r.ranges[rank - 2 + axis];
      if (e % kTile != 0 && const_value(rg.extent) == e) {
        rg.extent = cint(round_up_to_tile(e), r.loc);
      }
    }
  }
  // `other`, copied with `block` (a region of a padded block), grows along every padded axis
  // the block region covers whole; its extent there may be an expression (`h1 - h0`) that B1
  // found to be the block's extent. A written row window keeps its rows (only the valid rows
  // are stored).
  void follow(const Region& block, const Region& orig, Region& other, bool write) {
    auto it = scan->extent.find(block.buffer.get());
    size_t rank = other.ranges.size(), brank = block.ranges.size();
    if (it == scan->extent.end() || rank < 2 || brank < 2) {
      return;
    }
    for (size_t axis = 0; axis < 2; ++axis) {
      int64_t e = it->second[axis];
      if (e % kTile != 0 && const_value(block.ranges[brank - 2 + axis].extent) == e) {
        if (write && scan->row_windows.count(orig.ranges[rank - 2 + axis].min.get())) {
          ctx->remark(other.loc, "padding") << fmt::format(
              "the region of '{}' written from '{}' is a window of {} rows: only those are stored "
              "(the other rows of its tiles are not the block's)",
              other.buffer->name, block.buffer->name, e);
          other.ranges[rank - 2 + axis].extent = cint(e, other.loc);  // `h1 - h0`, proven e
          continue;
        }
        Range& rg = other.ranges[rank - 2 + axis];
        rg.extent = cint(round_up_to_tile(e), other.loc);
        auto origin = scan->origins.find(orig.ranges[rank - 2 + axis].min.get());
        if (origin != scan->origins.end()) {
          rg.min = cint(origin->second, other.loc);
        }
      }
    }
  }
  // src[i, j] = T.if_then_else(j < extent, src[i, j], identity) (i for rows).
  static Stmt mask_nest(const Buffer& src, int axis, int64_t extent, ReduceKind kind,
                        const Location& loc) {
    Var i = Variable::make("pad_i", DataType::int32(), loc);
    Var j = Variable::make("pad_j", DataType::int32(), loc);
    Expr cond = Compare::make(CompareOp::kLT, add(cint(0, loc), axis == 0 ? Expr(i) : Expr(j)),
                              cint(extent, loc), loc);
    double inf = std::numeric_limits<double>::infinity();
    double identity = kind == ReduceKind::kMax ? -inf : kind == ReduceKind::kMin ? inf : 0.0;
    Expr value = Select::make(cond, BufferLoad::make(src, {i, j}, loc),
                              FloatImm::make(identity, src->dtype, loc), loc);
    Stmt body = BufferStore::make(src, {i, j}, value, loc);
    body = For::make(j, cint(0, loc), src->shape[1], ForKind::kParallel, body, 0, {}, loc);
    return For::make(i, cint(0, loc), src->shape[0], ForKind::kParallel, body, 0, {}, loc);
  }
};
}  // namespace

PrimFunc pad_blocks(const PrimFunc& f, const KernelLaunch* launch,
                    const std::vector<int64_t>& extents, PassContext& ctx) {
  BlockPadder scan;
  track_launch(scan, launch, extents);
  if (scan.extent.empty()) {
    return f;
  }
  if (!scan.ok) {
    // The blocks keep their extents; C1 reports them as not whole tiles.
    ctx.remark(scan.why_at, "padding") << "on-chip blocks whose extents are not multiples of 32 "
                                          "are not padded: "
                                       << scan.why;
    return f;
  }
  WidenBlocks widen;
  widen.ctx = &ctx;
  widen.scan = &scan;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind != NodeKind::kAllocate) {
      return;
    }
    const Buffer& b = static_cast<const Allocate*>(n)->buffer;
    auto it = scan.extent.find(b.get());
    if (it == scan.extent.end()) {
      return;
    }
    std::vector<Expr> shape = b->shape;
    shape[b.rank() - 2] = cint(round_up_to_tile(it->second[0]), b->loc);
    shape[b.rank() - 1] = cint(round_up_to_tile(it->second[1]), b->loc);
    widen.map[b.get()] = Buffer::make(b->name, b->dtype, shape, b->scope, b->attrs, b->loc);
    ctx.remark(b->loc, "padding") << fmt::format(
        "block '{}' of {}x{} elements is padded to whole tiles, {}x{}", b->name, it->second[0],
        it->second[1], round_up_to_tile(it->second[0]), round_up_to_tile(it->second[1]));
  });
  PrimFunc out = f;
  out.body = widen.mutate(f.body);
  return out;
}

}  // namespace tltt::passes::padding
