// C4a held-rows-writer (held_rows_writer.h). A row block kept whole in L1 (A4 stream-rows.held,
// B0b reread-rows) had one copy, filled and read by the one reader RISC: the reader fed the
// later passes' chunks from it, paced by compute, and only then read the next block's rows, so
// DRAM idled while those passes computed. With a second copy and the chunk copies on the writer
// RISC (idle but for the output writes), the reader only reads DRAM and runs a block ahead.
// What decides is the IR's structure (which CBs tt.read_local_tiles reads, where they are
// loaded, which loops enclose both), never buffer names.
#include "passes/held_rows_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/held_rows_cost.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

bool held_on_writer(const Buffer& cb) {
  return cb.defined() && cb->attrs.get_bool(kHeldOnWriter, false);
}

namespace {

// A held block: its loads and chunk copies, each with the loops around it (outermost first).
struct Use {
  const Call* call = nullptr;
  std::vector<const For*> loops;
};
struct HeldBlock {
  Buffer cb;
  std::vector<Use> loads, copies;
};

class Collect : public Visitor {
 public:
  using Visitor::visit;
  std::map<const BufferNode*, HeldBlock> held;  // filled with the copies' sources first
  std::vector<const BufferNode*> order;         // the held blocks in program order
  std::map<const BufferNode*, int> fills;       // CB -> statements that fill it (any kernel)
  std::set<const BufferNode*> copy_dsts;

  void visit(const For* op) override {
    loops_.push_back(op);
    Visitor::visit(op);
    loops_.pop_back();
  }
  void visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (is_tt_op(c, TtOp::kReadLocalTiles)) {
      const Buffer& src = tt::ReadLocalTiles::src(c);
      if (!held.count(src.get())) {
        order.push_back(src.get());
      }
      held[src.get()].cb = src;
      held[src.get()].copies.push_back({c, loops_});
      copy_dsts.insert(tt::ReadLocalTiles::cb(c).get());
    } else if (is_tt_op(c, TtOp::kReadTiles)) {
      reads_.push_back({c, loops_});
    }
    if (c && (is_tt_op(c, TtOp::kReadTiles) || is_tt_op(c, TtOp::kReadLocalTiles) ||
              is_tt_op(c, TtOp::kReadIm2col) || is_tt_op(c, TtOp::kMaskTile) ||
              is_tt_op(c, TtOp::kGatherRows))) {
      ++fills[(is_tt_op(c, TtOp::kReadTiles)        ? tt::ReadTiles::cb(c)
               : is_tt_op(c, TtOp::kReadLocalTiles) ? tt::ReadLocalTiles::cb(c)
               : is_tt_op(c, TtOp::kReadIm2col)     ? tt::ReadIm2col::cb(c)
               : is_tt_op(c, TtOp::kGatherRows)     ? tt::GatherRows::cb(c)
                                                    : tt::MaskTile::cb(c))
                  .get()];
    }
    Visitor::visit(op);
  }
  // The loads of the held blocks, once every copy has named its source.
  void attach_loads() {
    for (const Use& u : reads_) {
      auto it = held.find(tt::ReadTiles::cb(u.call).get());
      if (it != held.end()) {
        it->second.loads.push_back(u);
      }
    }
  }

 private:
  std::vector<const For*> loops_;
  std::vector<Use> reads_;
};

// Why block `h` cannot be filled by pushes in column order and copied by the writer, or "".
std::string why_not(const HeldBlock& h) {
  std::vector<int64_t> grid = tile_grid(h.cb);
  if (grid.size() != 2 || grid[0] != 1) {
    return "it is more than one tile row high";
  }
  if (h.loads.size() != 1) {
    return fmt::format("it is loaded by {} statements", h.loads.size());
  }
  const Use& load = h.loads.front();
  const RegionRef* part = tt::ReadTiles::cb_arg(load.call).as<RegionRef>();
  if (part && !region_is_full(part->region)) {
    // Chunk k of a loop from 0 into columns k * w +: w, the loop covering the row in order.
    const Range& cols = part->region.ranges.back();
    std::optional<int64_t> w = const_value(cols.extent);
    const For* loop = load.loops.empty() ? nullptr : load.loops.back();
    std::optional<Affine> a = loop ? affine_in(cols.min, loop->var.get()) : std::nullopt;
    std::optional<int64_t> lo = loop ? const_value(loop->min) : std::nullopt;
    std::optional<int64_t> n = loop ? const_value(loop->extent) : std::nullopt;
    if (!w || !a || a->coef != *w || (a->rest.defined() && const_value(a->rest) != 0) || !lo ||
        *lo != 0 || !n || *n * *w != grid[1] * kTile) {
      return "its loads do not fill its columns in order";
    }
  }
  for (const Use& u : h.copies) {
    if (tile_grid(tt::ReadLocalTiles::cb(u.call))[0] != 1) {
      return "a copy of it is more than one tile row high";
    }
  }
  return "";
}

// The innermost loop around every load and copy of `h`, or nullptr.
const For* common_loop(const HeldBlock& h) {
  std::vector<const For*> common;
  bool first = true;
  for (const std::vector<Use>* uses : {&h.loads, &h.copies}) {
    for (const Use& u : *uses) {
      if (first) {
        common = u.loops;
        first = false;
        continue;
      }
      size_t k = 0;
      while (k < common.size() && k < u.loops.size() && common[k] == u.loops[k]) {
        ++k;
      }
      common.resize(k);
    }
  }
  return common.empty() ? nullptr : common.back();
}

// Ends the bodies of the given loops with the pops of their held blocks.
class AddPops : public Mutator {
 public:
  using Mutator::visit;
  std::map<const For*, std::vector<Stmt>> pops;
  Stmt visit(const For* op) override {
    Stmt s = Mutator::visit(op);
    auto it = pops.find(op);
    if (it == pops.end()) {
      return s;
    }
    const For* f = s.as<For>();
    std::vector<Stmt> body = {f->body};
    body.insert(body.end(), it->second.begin(), it->second.end());
    return For::make(f->var, f->min, f->extent, f->for_kind, seq(body, f->loc), f->num_stages,
                     f->attrs, f->loc);
  }
};

bool writes_tensor(const Stmt& s) {
  bool found = false;
  post_order_visit(s, [&](const Node* n) {
    found |= n->kind == NodeKind::kCall && is_tt_op(static_cast<const Call*>(n), TtOp::kWriteTiles);
  });
  return found;
}

// In a loop that also writes a tensor, the writer would copy chunk k + 1 only after writing
// output chunk k, which waits for compute to finish chunk k: compute would then wait for the
// copy. Each copy the loop's body opens with instead takes the next iteration's chunk (the
// first before the loop), when its CB holds two chunks: the copies stay in order, one ahead.
class CopyAhead : public Mutator {
 public:
  using Mutator::visit;
  std::set<const BufferNode*> held;
  int moved = 0;
  Stmt visit(const For* op) override {
    Stmt s = Mutator::visit(op);
    const For* f = s.as<For>();
    const SeqStmt* body = f->body.as<SeqStmt>();
    std::optional<int64_t> lo = const_value(f->min), n = const_value(f->extent);
    if (!body || !lo || !n || *n < 2 || !writes_tensor(f->body)) {
      return s;
    }
    // The next chunks' copies go under one condition, where the first one was.
    std::vector<Stmt> before, stmts, next_copies;
    size_t at = 0;
    for (const Stmt& t : body->stmts) {
      const Call* c = as_call_stmt(t);
      const Buffer dst = is_tt_op(c, TtOp::kReadLocalTiles) ? tt::ReadLocalTiles::cb(c) : Buffer();
      if (!dst.defined() || !held.count(tt::ReadLocalTiles::src(c).get()) ||
          dst->attrs.get_int(keys::kCbNumPages, 0) < 2 * buffer_tiles(dst)) {
        stmts.push_back(t);
        continue;
      }
      before.push_back(substitute(t, {{f->var.get(), f->min}}));
      at = next_copies.empty() ? stmts.size() : at;
      next_copies.push_back(substitute(t, {{f->var.get(), add(Expr(f->var), cint(1, t->loc))}}));
      ++moved;
    }
    if (before.empty()) {
      return s;
    }
    Location loc = next_copies.front()->loc;
    stmts.insert(stmts.begin() + static_cast<std::ptrdiff_t>(at),
                 IfThenElse::make(
                     cmp(CompareOp::kLT, add(Expr(f->var), cint(1, loc)), add(f->min, f->extent)),
                     seq(next_copies, loc), Stmt(), loc));
    before.push_back(For::make(f->var, f->min, f->extent, f->for_kind, seq(stmts, f->loc),
                               f->num_stages, f->attrs, f->loc));
    return seq(before, f->loc);
  }
};

constexpr double kMinGain = 0.02;

// The model of the first held block loaded once per row block (held_rows_cost.h): its loading
// loop (the loop inside the block loop around its load) against the other loops of the block
// loop that copy its chunks, or nullopt when it has no such shape (kept as before the model).
std::optional<HeldRowsCost> held_rows_cost(const Module& m, const Collect& c,
                                           const DeviceModel& dev) {
  for (const BufferNode* node : c.order) {
    const HeldBlock& h = c.held.at(node);
    const For* block = common_loop(h);
    if (!block || h.loads.size() != 1) {
      continue;
    }
    const std::vector<const For*>& ll = h.loads.front().loops;
    size_t d = std::find(ll.begin(), ll.end(), block) - ll.begin();
    if (d + 1 >= ll.size()) {
      continue;
    }
    const For* load = ll[d + 1];
    std::vector<const For*> later;
    for (const Use& u : h.copies) {
      if (u.loops.size() > d + 1 && u.loops[d] == block && u.loops[d + 1] != load &&
          std::find(later.begin(), later.end(), u.loops[d + 1]) == later.end()) {
        later.push_back(u.loops[d + 1]);
      }
    }
    int64_t cores = 0;  // the cores that run blocks, all reading DRAM at once
    for (const CoreWork& w : m.plan.partition ? m.plan.partition->work : std::vector<CoreWork>{}) {
      cores += w.count > 0;
    }
    return estimate_held_rows(load, later, cores > 0 ? cores : dev.num_cores(), dev);
  }
  return std::nullopt;
}

int64_t cb_bytes(const Buffer& b) {
  return b->attrs.get_int(keys::kCbPageSize, 0) * b->attrs.get_int(keys::kCbNumPages, 0);
}

}  // namespace

Module held_rows_writer(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (!kernel_role(out, f).empty()) {
      continue;
    }
    Collect c;
    c.visit(f.body);
    c.attach_loads();
    if (c.held.empty()) {
      continue;
    }
    auto kept = [&](const std::string& why) {
      ctx.remark(f.loc, "kept") << "the held row blocks stay with the reader: " << why;
    };
    std::string why;
    for (const BufferNode* node : c.order) {
      const HeldBlock& h = c.held.at(node);
      if (std::string w = why_not(h); !w.empty()) {
        why = fmt::format("'{}': {}", h.cb->name, w);
        break;
      }
    }
    for (const BufferNode* d : c.copy_dsts) {
      int copies = 0;
      for (const BufferNode* node : c.order) {
        for (const Use& u : c.held.at(node).copies) {
          copies += tt::ReadLocalTiles::cb(u.call).get() == d;
        }
      }
      if (why.empty() && c.fills[d] != copies) {
        why = "a CB the copies fill is also filled by a tensor read";
      }
    }
    if (!why.empty()) {
      kept(why);
      continue;
    }
    // A second copy of each block loaded once per block (loads and copies in one loop); a block
    // loaded before every loop that copies it (loaded once per core) keeps one.
    int64_t total = 0, extra = 0;
    for (const Buffer& b : allocated_cbs(f.body)) {
      total += cb_bytes(b);
    }
    std::map<const For*, std::vector<Stmt>> pops;
    BufferSubstituter sub;
    std::string doubled, single;
    for (const BufferNode* node : c.order) {
      const HeldBlock& h = c.held.at(node);
      const For* loop = common_loop(h);
      int64_t tiles = buffer_tiles(h.cb), pages = h.cb->attrs.get_int(keys::kCbNumPages, 0);
      Attrs attrs = h.cb->attrs.with(kHeldOnWriter, true);
      if (loop) {
        attrs.set(keys::kCbNumPages, 2 * pages);
        extra += cb_bytes(h.cb);
      }
      sub.map[node] = h.cb.with_attrs(attrs);
      if (loop) {
        pops[loop].push_back(tt_call_stmt(
            TtOp::kCbPopFront, {buffer_ref(sub.map[node], h.cb->loc), cint(tiles, h.cb->loc)}, {},
            h.cb->loc));
      }
      std::string& names = loop ? doubled : single;
      names += fmt::format("{}'{}'", names.empty() ? "" : ", ", h.cb->name);
    }
    int64_t budget = ctx.device.l1_budget;
    if (total + extra > budget) {
      kept(
          fmt::format("a second copy of {} would take the CBs to {} bytes, more than the {} "
                      "bytes of L1 available on {}",
                      doubled, total + extra, budget, ctx.device.name));
      continue;
    }
    std::string model;
    if (std::optional<HeldRowsCost> cost = held_rows_cost(out, c, ctx.device)) {
      model = fmt::format(
          "per row block the model estimates {:.0f} cycles of DRAM reads and {:.0f} of compute "
          "in the loading loop and {:.0f} of compute in the loops that copy from L1",
          cost->load_dram, cost->load_compute, cost->later_compute);
      // The writer's copies wait behind its output writes (measured 1-3% on online softmax):
      // a second copy is kept off unless the overlap it allows is worth 2% of the block.
      if (cost->gain() < kMinGain * cost->block()) {
        kept(fmt::format(
            "{}: the loading loop's compute {} its reads, so a second copy would "
            "overlap {:.0f} cycles ({:.1f}% of {:.0f}), less than {:.0f}%",
            model, cost->load_compute >= cost->load_dram ? "already hides" : "nearly hides",
            cost->gain(), 100 * cost->gain() / cost->block(), cost->block(), 100 * kMinGain));
        continue;
      }
      model = fmt::format("; {}, of which a second copy overlaps {:.0f}", model, cost->gain());
    }
    AddPops add;
    add.pops = pops;
    CopyAhead ahead;
    ahead.held.insert(c.order.begin(), c.order.end());
    f = f.with_body(sub.mutate(ahead.mutate(add.mutate(f.body))));
    for (CbPlan& cb : out.plan.cbs) {
      for (const auto& [node, b] : sub.map) {
        if (cb.name == b->name && cb.index == b->attrs.get_int(keys::kCbIndex, -1)) {
          cb.num_pages = b->attrs.get_int(keys::kCbNumPages, 0);
          cb.consumers = {KernelRole::kWriter};
        }
      }
      for (const BufferNode* d : c.copy_dsts) {
        if (cb.index == d->attrs.get_int(keys::kCbIndex, -1)) {
          cb.producers = {KernelRole::kWriter};
        }
      }
    }
    std::string names = doubled.empty() ? single : doubled;
    if (!doubled.empty() && !single.empty()) {
      names += ", " + single;
    }
    ctx.remark(f.loc, "writer") << fmt::format(
        "the writer copies the chunks of {} from L1 and the reader only loads them; second "
        "copies of {} ({} bytes of CBs of the {} available), so the reader loads the next row "
        "block while compute works on this one; {} cop{} in loops that write the output take "
        "the next chunk, one ahead of the writes{}; alternative: the reader copies the chunks "
        "from one copy",
        names, doubled.empty() ? "none" : doubled, total + extra, budget, ahead.moved,
        ahead.moved == 1 ? "y" : "ies", model);
  }
  return out;
}

}  // namespace tltt::passes
