// B1's padding half: device shapes of tensors that are not whole tiles or that partial blocks
// reach past (the host program pads them with zeros and drops the padding of outputs), and the
// check that those zeros, and what computation makes of them, never reach a logical result.
#include "passes/padding.h"

#include <fmt/format.h>

#include <array>
#include <limits>
#include <map>

#include "ir/mutator.h"
#include "passes/pass_util.h"
#include "passes/work_partition_shard.h"

namespace tltt::passes::padding {

using namespace ir;
using partition::RangeTracker;

namespace {

int64_t round_up(int64_t v) { return (v + kTile - 1) / kTile * kTile; }

// The furthest element (exclusive end) every block reaches in each dimension of each tensor.
class ReachFinder : public RangeTracker {
 public:
  using RangeTracker::visit;
  struct Reach {
    std::vector<int64_t> end;
    std::vector<Location> at;  // the access that reaches furthest
  };
  std::map<const BufferNode*, Reach> reach;

  void visit(const Copy* op) override {
    region(op->src, op->loc);
    region(op->dst, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    indices(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferLoad* op) override {
    indices(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }

 private:
  void note(const Buffer& b, size_t d, int64_t end, const Location& at) {
    Reach& r = reach[b.get()];
    if (r.end.size() < b.rank()) {
      r.end.assign(b.rank(), 0);
      r.at.assign(b.rank(), Location());
    }
    if (end > r.end[d]) {
      r.end[d] = end;
      r.at[d] = at;
    }
  }
  void region(const Region& r, const Location& at) {
    if (r.buffer->scope != MemScope::kGlobal) {
      return;
    }
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      auto lo = bounds(r.ranges[d].min, ranges);
      auto ext = const_value(r.ranges[d].extent);
      if (lo && ext) {
        note(r.buffer, d, lo->hi + *ext, at);
      }
    }
  }
  void indices(const Buffer& b, const std::vector<Expr>& idx, const Location& at) {
    if (b->scope != MemScope::kGlobal) {
      return;
    }
    for (size_t d = 0; d < idx.size() && d < b.rank(); ++d) {
      if (auto iv = bounds(idx[d], ranges)) {
        note(b, d, iv->hi + 1, at);
      }
    }
  }
};

void track_launch(RangeTracker& t, const KernelLaunch* launch,
                  const std::vector<int64_t>& extents) {
  for (size_t i = 0; i < extents.size(); ++i) {
    t.ranges[launch->vars[i].get()] = {0, extents[i] - 1};
  }
  t.visit(launch->body);
}

// What the padded positions of one tiled axis of an on-chip buffer hold: no padding along that
// axis, zeros (read from a padded tensor, or kept zero by products), or anything else.
enum class Pad : uint8_t { kNone, kZero, kAny };

struct AxisState {
  Pad pad = Pad::kNone;
  const BufferNode* tensor = nullptr;  // whose padding it is
  // Where the buffer's axis starts in the tensor and the tensor's logical extent there: the
  // padded positions are those at origin + index >= bound. Undefined when several reads with
  // different origins meet.
  Expr origin;
  int64_t bound = 0;
};

AxisState join(const AxisState& a, const AxisState& b) {
  AxisState j = a.pad >= b.pad ? a : b;
  if (a.pad != Pad::kNone && b.pad != Pad::kNone &&
      (!a.origin.same_as(b.origin) || a.bound != b.bound)) {
    j.origin = Expr();
  }
  return j;
}

AxisState any(AxisState a) {
  a.pad = Pad::kAny;
  return a;
}

using BufferState = std::array<AxisState, 2>;  // the last two axes: rows, columns

// Abstract interpretation of the kernel over BufferState, in program order; loops are walked
// until the states stop growing, then once more to report.
class PaddingFlow : public RangeTracker {
 public:
  using RangeTracker::visit;
  PassContext* ctx = nullptr;
  bool report = false;
  bool changed = false;
  std::map<const BufferNode*, BufferState> state;
  std::map<const Reduce*, Stmt> masks;  // padding masks to put before reductions

  void visit(const Copy* op) override {
    const Buffer& dst = op->dst.buffer;
    if (dst->scope != MemScope::kGlobal && dst.rank() >= 2) {
      BufferState s =
          op->src.buffer->scope == MemScope::kGlobal ? read(op->src) : get(op->src.buffer);
      set(dst, s, /*overwrite=*/true);
    }
    Visitor::visit(op);
  }
  void visit(const Reduce* op) override {
    const Buffer& src = op->src.buffer;
    BufferState s = src->scope == MemScope::kGlobal ? read(op->src) : get(src);
    int64_t axis = op->dim - static_cast<int64_t>(src.rank()) + 2;
    if (src.rank() >= 2 && axis >= 0 && axis < 2) {
      const AxisState& a = s[axis];
      bool zero_ok = op->reduce_kind == ReduceKind::kSum ||
                     op->reduce_kind == ReduceKind::kAbsSum ||
                     op->reduce_kind == ReduceKind::kAbsMax;
      bool maskable = op->reduce_kind != ReduceKind::kMin && a.origin.defined() &&
                      src->scope != MemScope::kGlobal && src.rank() == 2;
      if (a.pad == Pad::kAny || (a.pad == Pad::kZero && !zero_ok)) {
        if (maskable) {
          if (report) {
            masks[op] = mask_nest(src, axis, a, op->reduce_kind, op->loc);
          }
        } else {
          fail(op->loc, a, src, axis,
               fmt::format("T.reduce_{} over dimension {} of '{}'",
                           reduce_kind_name(op->reduce_kind), op->dim, src->name));
        }
      }
      BufferState out;
      out[1 - axis] = s[1 - axis];
      if (!op->clear) {
        out[1 - axis] = join(out[1 - axis], get(op->dst.buffer)[1 - axis]);
      }
      if (op->dst.buffer->scope != MemScope::kGlobal && op->dst.buffer.rank() >= 2) {
        set(op->dst.buffer, out);
      }
    }
    Visitor::visit(op);
  }
  void visit(const Gemm* op) override {
    BufferState a = get(op->a.buffer), b = get(op->b.buffer);
    const AxisState& ka = a[op->transpose_a ? 0 : 1];
    const AxisState& kb = b[op->transpose_b ? 1 : 0];
    // Zeros in K contribute nothing when the other operand is finite; anything else does.
    if (ka.pad == Pad::kAny || kb.pad == Pad::kAny) {
      bool in_a = ka.pad == Pad::kAny;
      fail(op->loc, in_a ? ka : kb, in_a ? op->a.buffer : op->b.buffer,
           in_a ? (op->transpose_a ? 0 : 1) : (op->transpose_b ? 1 : 0),
           fmt::format("T.gemm accumulating over K = dimension of '{}'",
                       (in_a ? op->a.buffer : op->b.buffer)->name));
    }
    // Padded rows of A and columns of B give zero products, added to C's old value.
    BufferState c;
    c[0] = a[op->transpose_a ? 1 : 0];
    c[1] = b[op->transpose_b ? 0 : 1];
    for (AxisState& x : c) {
      if (x.pad == Pad::kZero) {
        x.pad = Pad::kAny;
      }
    }
    set(op->c.buffer, c);
    Visitor::visit(op);
  }
  void visit(const LetStmt* op) override {
    lets[op->var.get()] = op->value;
    RangeTracker::visit(op);
  }
  void visit(const BufferStore* op) override {
    const Buffer& b = op->buffer;
    if (b->scope != MemScope::kGlobal && b.rank() >= 2) {
      BufferState s;
      for (int axis = 0; axis < 2; ++axis) {
        const Variable* v = op->indices[b.rank() - 2 + axis].as<Variable>();
        s[axis] = v ? eval(op->value, v) : AxisState{};
      }
      set(b, s);
    }
    Visitor::visit(op);
  }

 private:
  std::map<const Variable*, Expr> lets;

  BufferState get(const Buffer& b) {
    auto it = state.find(b.get());
    return it == state.end() ? BufferState{} : it->second;
  }
  // A copy overwrites the whole block (strong update); element stores join with what the
  // block held.
  void set(const Buffer& b, const BufferState& s, bool overwrite = false) {
    BufferState& cur = state[b.get()];
    for (int i = 0; i < 2; ++i) {
      AxisState j = overwrite ? s[i] : join(cur[i], s[i]);
      changed |= j.pad != cur[i].pad;
      cur[i] = j;
    }
  }
  // Zeros wherever a read of a tensor region may reach past the tensor's logical end.
  BufferState read(const Region& r) {
    BufferState s;
    size_t rank = r.ranges.size();
    for (size_t axis = 0; axis < 2 && rank >= 2; ++axis) {
      size_t d = rank - 2 + axis;
      auto size = as_const_int(r.buffer->shape[d]);
      auto lo = bounds(r.ranges[d].min, ranges);
      auto ext = const_value(r.ranges[d].extent);
      if (size && (!lo || !ext ? *size % kTile != 0 : lo->hi + *ext > *size)) {
        s[axis] = {Pad::kZero, r.buffer.get(), r.ranges[d].min, *size};
      }
    }
    return s;
  }
  // What the padded positions along the axis indexed by `v` hold in the value of `e`.
  AxisState eval_load(const BufferLoad* load, const Variable* v) {
    const Buffer& b = load->buffer;
    if (b.rank() < 2) {
      return {};
    }
    for (int axis = 0; axis < 2; ++axis) {
      const Expr& idx = load->indices[b.rank() - 2 + axis];
      if (!uses_var(idx, v)) {
        continue;
      }
      if (b->scope == MemScope::kGlobal) {
        Region r{b, {}, load->loc};
        for (const Expr& i : load->indices) {
          r.ranges.push_back({i, cint(1)});
        }
        return read(r)[axis];
      }
      return get(b)[axis];
    }
    return {};
  }
  AxisState eval(const Expr& e, const Variable* v) {
    if (const auto* load = e.as<BufferLoad>()) {
      return eval_load(load, v);
    }
    if (const auto* var = e.as<Variable>()) {
      auto it = lets.find(var);
      return it == lets.end() ? AxisState{} : eval(it->second, v);
    }
    if (const auto* cast = e.as<Cast>()) {
      return eval(cast->value, v);
    }
    if (const auto* un = e.as<Unary>()) {
      return eval(un->a, v);
    }
    if (const auto* bin = e.as<Binary>()) {
      AxisState a = eval(bin->a, v), b = eval(bin->b, v);
      AxisState j = join(a, b);
      if (j.pad != Pad::kZero) {
        return j;
      }
      switch (bin->op) {
        case BinaryOp::kMul:  // 0 * x = 0
          return j;
        case BinaryOp::kDiv:  // 0 / x = 0
          return a.pad == Pad::kZero && b.pad == Pad::kNone ? a : any(j);
        case BinaryOp::kAdd:  // 0 + 0 = 0, 0 + x = x
        case BinaryOp::kSub:
          return a.pad == b.pad ? j : any(j);
        default:
          return any(j);
      }
    }
    // Calls (exp, max, ...), selects, comparisons: zeros become other values.
    AxisState j;
    post_order_visit(Evaluate::make(e), [&](const Node* n) {
      if (n->kind == NodeKind::kBufferLoad) {
        j = join(j, eval_load(static_cast<const BufferLoad*>(n), v));
      }
    });
    if (j.pad == Pad::kZero) {
      j.pad = Pad::kAny;
    }
    return j;
  }
  // src[i, j] = T.if_then_else(origin + j < bound, src[i, j], identity) (or i for rows): the
  // padded positions of the reduced axis hold the identity of the reduction.
  static Stmt mask_nest(const Buffer& src, int axis, const AxisState& a, ReduceKind kind,
                        const Location& loc) {
    Var i = Variable::make("pad_i", DataType::int32(), loc);
    Var j = Variable::make("pad_j", DataType::int32(), loc);
    Expr pos = add(a.origin, axis == 0 ? Expr(i) : Expr(j));
    Expr cond = Compare::make(CompareOp::kLT, pos, cint(a.bound, loc), loc);
    bool max = kind == ReduceKind::kMax;
    double identity = max ? -std::numeric_limits<double>::infinity() : 0.0;
    Expr value = Select::make(cond, BufferLoad::make(src, {i, j}, loc),
                              FloatImm::make(identity, src->dtype, loc), loc);
    Stmt body = BufferStore::make(src, {i, j}, value, loc);
    body = For::make(j, cint(0, loc), src->shape[1], ForKind::kParallel, body, 0, {}, loc);
    return For::make(i, cint(0, loc), src->shape[0], ForKind::kParallel, body, 0, {}, loc);
  }
  static bool uses_var(const Expr& e, const Variable* v) {
    bool found = false;
    post_order_visit(Evaluate::make(e), [&](const Node* n) { found |= n == v; });
    return found;
  }
  void fail(const Location& loc, const AxisState& a, const Buffer& b, int64_t axis,
            const std::string& what) {
    if (!report) {
      return;
    }
    const BufferNode* t = a.tensor;
    ctx->error(loc) << fmt::format(
        "{} includes padding of tensor '{}' ({} of '{}' reach past the end of '{}'){}: masking "
        "padded elements with the identity of the operation is not supported yet; make that "
        "dimension of '{}' a multiple of 32 and of the block size",
        what, t ? t->name : "?", axis == 0 ? "rows" : "columns", b->name, t ? t->name : "?",
        a.pad == Pad::kZero ? " whose zeros are not the identity of this operation" : "",
        t ? t->name : "?");
  }
};

}  // namespace

std::optional<PrimFunc> pad_tensors(const PrimFunc& f, const KernelLaunch* launch,
                                    const std::vector<int64_t>& extents, DevicePlan& plan,
                                    PassContext& ctx) {
  ReachFinder finder;
  track_launch(finder, launch, extents);
  BufferSubstituter subst;
  PrimFunc out = f;
  bool ok = true;
  for (Param& p : out.params) {
    TensorPlan* t = p.is_buffer() ? plan.find_tensor(p.buffer->name) : nullptr;
    if (!t) {
      continue;
    }
    const Buffer b = p.buffer;  // p.buffer is replaced below
    auto it = finder.reach.find(b.get());
    std::vector<Expr> shape = b->shape;
    bool padded = false;
    for (size_t d = 0; d < b.rank(); ++d) {
      int64_t size = as_const_int(b->shape[d]).value_or(0);
      int64_t end = it == finder.reach.end() ? 0 : it->second.end[d];
      bool tiled = d + 2 >= b.rank();
      if (end > size && (!tiled || t->layout == TensorLayoutKind::kSharded)) {
        ok = false;
        ctx.error(launch->loc).note(it->second.at[d], "the access is here") << fmt::format(
            "blocks of this kernel run past the end of tensor '{}': dimension {} has {} "
            "elements but the last block reaches {}; partial blocks are supported only along "
            "the last two dimensions of interleaved tensors",
            b->name, d, size, end);
        continue;
      }
      int64_t dev = tiled ? round_up(std::max(size, end)) : size;
      if (dev != size) {
        padded = true;
        shape[d] = cint(dev, b->loc);
      }
      t->device_shape[d] = dev;
    }
    if (padded) {
      Buffer nb = Buffer::make(b->name, b->dtype, shape, b->scope, b->attrs, b->loc);
      subst.map[b.get()] = nb;
      p.buffer = nb;
      std::string logical, device;
      for (size_t d = 0; d < b.rank(); ++d) {
        logical += (d ? "x" : "") + std::to_string(as_const_int(b->shape[d]).value_or(0));
        device += (d ? "x" : "") + std::to_string(t->device_shape[d]);
      }
      ctx.remark(b->loc, "padding") << fmt::format(
          "tensor '{}' of {} elements is padded to {} on the device (zeros from the host; "
          "the padding of outputs is dropped)",
          b->name, logical, device);
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  out.body = subst.mutate(f.body);
  return out;
}

// Puts each padding mask before its reduction.
class InsertMasks : public Mutator {
 public:
  using Mutator::visit;
  const std::map<const Reduce*, Stmt>* masks = nullptr;
  Stmt visit(const Reduce* op) override {
    auto it = masks->find(op);
    return it == masks->end() ? Stmt(op) : SeqStmt::make({it->second, Stmt(op)}, op->loc);
  }
};

PrimFunc mask_padding(const PrimFunc& f, const KernelLaunch* launch,
                      const std::vector<int64_t>& extents, PassContext& ctx) {
  PaddingFlow flow;
  flow.ctx = &ctx;
  for (int round = 0; round < 8; ++round) {
    flow.changed = false;
    track_launch(flow, launch, extents);
    if (!flow.changed) {
      break;
    }
  }
  flow.report = true;
  track_launch(flow, launch, extents);
  for (const auto& [op, nest] : flow.masks) {
    ctx.remark(op->loc, "padding-mask") << fmt::format(
        "T.reduce_{} over dimension {} of '{}': its padded elements are masked "
        "with {} first (a bound mask from the logical extent)",
        reduce_kind_name(op->reduce_kind), op->dim, op->src.buffer->name,
        op->reduce_kind == ReduceKind::kMax ? "-inf" : "0");
  }
  if (flow.masks.empty()) {
    return f;
  }
  InsertMasks ins;
  ins.masks = &flow.masks;
  PrimFunc out = f;
  out.body = ins.mutate(f.body);
  return out;
}

}  // namespace tltt::passes::padding
