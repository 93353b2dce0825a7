// B3: fused element-wise tile operations from T.Parallel nests, reductions and fills (see
// lower_to_sfpu.h). The nest's store and every load must cover a whole on-chip block with the
// nest's own loop variables, or be a per-row / per-column vector (vector_layout.h) read as a
// broadcast; the value is mapped node by node: + - * max min between tiles, / as a product with
// a reciprocal, constants as scalar operands, the math calls as SFPU ops and float casts as the
// unpacker/packer format conversions. Anything else is a located error naming the construct.
#include "passes/lower_to_sfpu.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool on_chip(const Buffer& b) {
  return b->scope == MemScope::kShared || b->scope == MemScope::kFragment ||
         b->scope == MemScope::kLocal;
}

Expr tile_op(const std::string& op, std::vector<Expr> args, Location loc, Attrs attrs = {}) {
  return Call::make(DataType::float32(), "tile." + op, std::move(args), std::move(attrs), loc);
}

// Every buffer a statement mentions: regions of tile statements, loads and stores, operands of
// tile ops.
std::set<const BufferNode*> mentioned(const Stmt& s) {
  class Collect : public Visitor {
   public:
    using Visitor::visit;
    std::set<const BufferNode*> seen;
    void region(const Region& r) { seen.insert(r.buffer.get()); }
    void visit(const RegionRef* op) override { region(op->region); }
    void visit(const BufferLoad* op) override {
      seen.insert(op->buffer.get());
      Visitor::visit(op);
    }
    void visit(const BufferStore* op) override {
      seen.insert(op->buffer.get());
      Visitor::visit(op);
    }
    void visit(const Copy* op) override {
      region(op->src);
      region(op->dst);
    }
    void visit(const Gemm* op) override {
      region(op->a);
      region(op->b);
      region(op->c);
    }
    void visit(const Fill* op) override { region(op->dst); }
    void visit(const Reduce* op) override {
      region(op->src);
      region(op->dst);
    }
  } c;
  c.visit(s);
  return c.seen;
}

// Renames the loop variables of one part of a split multi-statement nest.
class VarRename : public Mutator {
 public:
  using Mutator::visit;
  std::map<const Variable*, Expr> map;
  Expr visit(const Variable* op) override {
    auto it = map.find(op);
    return it == map.end() ? Expr(op) : it->second;
  }
};

// How a nest reads or writes an on-chip block.
enum class Access { kNone, kWhole, kBcastCol, kBcastRow };

class Lowerer : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int64_t lowered = 0;
  std::set<const BufferNode*> accumulators;  // T.gemm C buffers: their fills are C2's
  Buffer scaler;                             // the reduce scaler tile, made on first use
  int64_t dst_capacity = 0;                  // DST tiles of one acquire (the device's rule)
  std::map<std::string, std::pair<Buffer, Attrs>> masks;  // triangle tiles, by relation/values
  std::set<const Variable*> scalar_params;

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    std::vector<const For*> nest = parallel_nest(op);
    const SeqStmt* body = nest.back()->body.as<SeqStmt>();
    if (!body) {
      return lower_nest(op);
    }
    // Element-wise statements of one nest touch only element (i, j) of each block, so the
    // nest is the same as one nest per statement, in order.
    std::vector<Stmt> parts;
    for (size_t k = 0; k < body->stmts.size(); ++k) {
      if (!body->stmts[k].as<BufferStore>()) {
        return lower_nest(op);
      }
      VarRename rename;
      for (const For* f : nest) {
        rename.map[f->var.get()] =
            k == 0 ? Expr(f->var) : Expr(Variable::make(f->var->name, f->var->dtype, f->var->loc));
      }
      Stmt part = rename.mutate(body->stmts[k]);
      for (auto it = nest.rbegin(); it != nest.rend(); ++it) {
        const For* f = *it;
        Var v(static_cast<const Variable*>(rename.map[f->var.get()].get()));
        part = For::make(v, f->min, f->extent, f->for_kind, part, f->num_stages, f->attrs, f->loc);
      }
      parts.push_back(lower_nest(part.as<For>()));
    }
    return SeqStmt::make(parts, op->loc);
  }

  Stmt visit(const Reduce* op) override {
    const Buffer& src = op->src.buffer;
    const Buffer& dst = op->dst.buffer;
    if (!on_chip(src) || !on_chip(dst) || !region_is_full(op->src) || !region_is_full(op->dst)) {
      ctx->error(op->loc) << fmt::format(
          "T.reduce_{} from '{}' into '{}': reductions work on whole on-chip blocks",
          reduce_kind_name(op->reduce_kind), src->name, dst->name);
      return op;
    }
    std::string want = op->dim == 1 ? "col" : "row";
    int64_t len = as_const_int(src->shape[op->dim == 1 ? 0 : 1]).value_or(-1);
    int64_t dlen = as_const_int(dst->shape[want == "col" ? 0 : 1]).value_or(-2);
    if (src.rank() != 2 || !tile_shaped(src) || vector_kind(dst) != want || len != dlen) {
      ctx->error(op->loc) << fmt::format(
          "T.reduce_{} of '{}' along dim {} into '{}': the Tenstorrent lowering reduces a "
          "[rows, cols] block (multiples of 32) along dim 1 into a [rows] vector or along dim 0 "
          "into a [cols] vector",
          reduce_kind_name(op->reduce_kind), src->name, op->dim, dst->name);
      return op;
    }
    if (!scaler.defined()) {
      scaler = Buffer::make("reduce_scaler", DataType::bfloat16(),
                            {cint(kTile, op->loc), cint(kTile, op->loc)}, MemScope::kFragment, {},
                            op->loc);
    }
    Location loc = op->loc;
    Buffer in = src;
    std::vector<Stmt> stmts;
    // The hardware reduces by SUM or MAX: abs* reduce |x|, min reduces -x by MAX (negated back
    // in D5), through a temporary block.
    bool abs = op->reduce_kind == ReduceKind::kAbsSum || op->reduce_kind == ReduceKind::kAbsMax;
    bool min = op->reduce_kind == ReduceKind::kMin;
    if (abs || min) {
      in = Buffer::make(src->name + (abs ? "_abs" : "_neg"), src->dtype, src->shape,
                        MemScope::kFragment, {}, loc);
      stmts.push_back(call_stmt(kSfpuOp,
                                {buffer_ref(src, loc), buffer_ref(in, loc),
                                 tile_op(abs ? "abs" : "neg", {buffer_ref(src, loc)}, loc)},
                                {}, loc));
    }
    Attrs attrs;
    bool max = op->reduce_kind == ReduceKind::kMax || op->reduce_kind == ReduceKind::kAbsMax;
    attrs.set("op", max ? "max" : min ? "min" : "sum");
    attrs.set("dim", want == "col" ? "row" : "col");  // TT names the axis that is reduced
    attrs.set("clear", op->clear);
    stmts.push_back(call_stmt(kReduceOp,
                              {buffer_ref(in, loc), buffer_ref(scaler, loc), buffer_ref(dst, loc)},
                              attrs, loc));
    ++lowered;
    Stmt s = seq(stmts, loc);
    return abs || min ? Allocate::make(in, s, loc) : s;
  }

  Stmt visit(const SeqStmt* op) override {
    for (size_t i = 0; i + 1 < op->stmts.size(); ++i) {
      const Fill* f = op->stmts[i].as<Fill>();
      auto v = f ? const_float(f->value) : std::nullopt;
      if (f && accumulators.count(f->dst.buffer.get()) && v &&
          starts_accumulation(op->stmts[i + 1], f->dst.buffer)) {
        absorbed_.insert(f);
      }
    }
    return Mutator::visit(op);
  }

  Stmt visit(const Fill* op) override {
    const Buffer& b = op->dst.buffer;
    if (absorbed_.count(op) || !on_chip(b)) {
      return op;  // C2: absorbed by the gemm after it; fills of tensors are rejected there
    }
    auto v = const_float(op->value);
    if (!region_is_full(op->dst) || !tile_shaped(b) || !v) {
      ctx->error(op->loc) << fmt::format(
          "T.fill of '{}' with '{}': fills of on-chip buffers need the whole block and a constant "
          "value",
          b->name, print(op->value));
      return op;
    }
    ++lowered;
    return call_stmt(kSfpuOp,
                     {buffer_ref(b, op->loc), FloatImm::make(*v, DataType::float32(), op->loc)}, {},
                     op->loc);
  }

 private:
  std::vector<const For*> nest_;
  std::vector<Buffer> inputs_;
  std::set<const Fill*> absorbed_;

  // Whether `next`, right after T.fill(c, v), is a gemm into c or a (K) loop whose body touches
  // c only in one gemm at its top level: that gemm then starts from v (C2: no accumulation on
  // the first step, `init_value` v) and the fill needs no code of its own.
  static bool starts_accumulation(const Stmt& next, const Buffer& c) {
    if (const Gemm* g = next.as<Gemm>()) {
      return g->c.buffer.same_as(c);
    }
    const For* loop = next.as<For>();
    if (!loop || loop->for_kind == ForKind::kPersistent || loop->for_kind == ForKind::kParallel) {
      return false;
    }
    std::vector<Stmt> body = {loop->body};
    if (const SeqStmt* seq = loop->body.as<SeqStmt>()) {
      body = seq->stmts;
    }
    int gemms = 0, others = 0;
    for (const Stmt& s : body) {
      const Gemm* g = s.as<Gemm>();
      if (g && g->c.buffer.same_as(c)) {
        ++gemms;
      } else if (touches(s, c)) {
        ++others;
      }
    }
    return gemms == 1 && others == 0;
  }

  static bool touches(const Stmt& s, const Buffer& b) { return mentioned(s).count(b.get()); }

  Stmt lower_nest(const For* op) {
    nest_ = parallel_nest(op);
    const BufferStore* store = nest_.back()->body.as<BufferStore>();
    if (store && store->buffer->scope == MemScope::kGlobal) {
      if (Stmt c = vector_store(store); c.defined()) {
        return c;
      }
      if (Stmt c = computed_vector_store(store); c.defined()) {
        return c;
      }
    }
    if (!store || !on_chip(store->buffer) || touches_global(store->value)) {
      // Nests over tensors are staged by C1; other shapes are reported by C2.
      return op;
    }
    if (!tile_shaped(store->buffer)) {
      report_sub_tile(store->buffer, store->loc);
      return op;
    }
    if (access(store->buffer, store->indices) != Access::kWhole) {
      ctx->error(store->loc) << fmt::format(
          "store to '{}' in this T.Parallel nest does not cover the whole block with the loop "
          "variables in order (element-wise lowering works on whole 32x32 tiles)",
          store->buffer->name);
      return op;
    }
    if (plain_binary(store)) {
      return op;  // C2 lowers it to tt.binary (FPU add/sub/mul_tiles).
    }
    inputs_.clear();
    Expr tree = map(store->value);
    if (!tree.defined()) {
      return op;
    }
    if (inputs_.empty()) {
      ctx->error(store->loc) << fmt::format(
          "T.Parallel nest fills '{}' with a value that reads no tile; use T.fill for constants",
          store->buffer->name);
      return op;
    }
    // Subtrees that would overflow DST are evaluated first into temporary blocks (spills).
    std::vector<Stmt> stmts;
    std::vector<Buffer> spills;
    while (sfpu_dst_need(tree) > dst_capacity) {
      Expr sub = spill_candidate(tree);
      Buffer tmp = Buffer::make(fmt::format("{}_spill{}", store->buffer->name, spills.size()),
                                store->buffer->dtype, store->buffer->shape, MemScope::kFragment,
                                store->buffer->attrs, op->loc);
      ctx->remark(op->loc, "spill") << fmt::format(
          "the expression stored to '{}' needs {} DST tiles per output tile, more than the {} "
          "DST holds: its deepest subtree is evaluated first into '{}'",
          store->buffer->name, sfpu_dst_need(tree), dst_capacity, tmp->name);
      stmts.push_back(fused_op(sub, tmp, op->loc));
      tree = replace_node(tree, sub.get(), buffer_ref(tmp, op->loc));
      spills.push_back(tmp);
    }
    stmts.push_back(fused_op(tree, store->buffer, op->loc));
    ++lowered;
    Stmt result = seq(stmts, op->loc);
    for (auto it = spills.rbegin(); it != spills.rend(); ++it) {
      result = Allocate::make(*it, result, op->loc);
    }
    return result;
  }

  // tt.sfpu(inputs `tree` reads, in source order (then spill blocks), out, tree).
  Stmt fused_op(const Expr& tree, const Buffer& out, const Location& loc) const {
    std::vector<Buffer> used;
    post_order_visit(Evaluate::make(tree), [&](const Node* n) {
      if (n->kind == NodeKind::kRegionRef) {
        const Buffer& b = static_cast<const RegionRef*>(n)->region.buffer;
        if (std::none_of(used.begin(), used.end(), [&](const Buffer& u) { return u.same_as(b); })) {
          used.push_back(b);
        }
      }
    });
    auto rank = [&](const Buffer& b) {
      auto it = std::find_if(inputs_.begin(), inputs_.end(),
                             [&](const Buffer& u) { return u.same_as(b); });
      return it - inputs_.begin();
    };
    std::stable_sort(used.begin(), used.end(),
                     [&](const Buffer& a, const Buffer& b) { return rank(a) < rank(b); });
    std::vector<Expr> args;
    for (const Buffer& b : used) {
      args.push_back(buffer_ref(b, loc));
    }
    args.push_back(buffer_ref(out, loc));
    args.push_back(tree);
    return call_stmt(kSfpuOp, std::move(args), {}, loc);
  }

  // The subtree to evaluate first: where the right operand of a binary node no longer fits next
  // to the left one's result (Sethi-Ullman order), the largest such operand that fits alone.
  Expr spill_candidate(const Expr& e) const {
    const Call* c = e.as<Call>();
    if (c->args.size() == 1) {
      return spill_candidate(c->args[0]);
    }
    const Expr &x = c->args[0], &y = c->args[1];
    if (sfpu_dst_need(x) > dst_capacity) {
      return spill_candidate(x);
    }
    if (sfpu_dst_need(y) > dst_capacity) {
      return spill_candidate(y);
    }
    return y;
  }

  static Expr replace_node(const Expr& tree, const Node* target, const Expr& with) {
    class Replace : public Mutator {
     public:
      using Mutator::visit;
      const Node* target = nullptr;
      Expr with;
      Expr visit(const Call* op) override { return op == target ? with : Mutator::visit(op); }
    } r;
    r.target = target;
    r.with = with;
    return r.mutate(tree);
  }

  // `T[base + i] = v[i]` over a whole on-chip vector: a tile copy of the vector to the tensor.
  Stmt vector_store(const BufferStore* store) {
    const BufferLoad* ld = strip_float_casts(store->value).as<BufferLoad>();
    std::string kind = vector_kind(store->buffer);
    if (!ld || nest_.size() != 1 || kind.empty() || vector_kind(ld->buffer) != kind ||
        access(ld->buffer, ld->indices) != Access::kWhole) {
      return {};
    }
    size_t d = kind == "col" ? 0 : 1;
    auto base = offset_of(store->indices[d], nest_[0]->var.get());
    auto other = as_const_int(store->indices[1 - d]);
    if (!base || !other || *other != 0) {
      return {};
    }
    Region dst{store->buffer, {}, store->loc};
    Range r{*base, nest_[0]->extent}, pad{cint(0, store->loc), cint(kTile, store->loc)};
    dst.ranges = d == 0 ? std::vector<Range>{r, pad} : std::vector<Range>{pad, r};
    return Copy::make(Region::full(ld->buffer, store->loc), dst, {}, store->loc);
  }

  // `T[base + i] = f(v[i], ...)` over on-chip vectors: f into a vector block, then a tile copy
  // of it to the tensor.
  Stmt computed_vector_store(const BufferStore* store) {
    std::string kind = vector_kind(store->buffer);
    if (kind.empty() || nest_.size() != 1 || touches_global(store->value)) {
      return {};
    }
    size_t d = kind == "col" ? 0 : 1;
    const For* loop = nest_[0];
    auto base = offset_of(store->indices[d], loop->var.get());
    auto other = as_const_int(store->indices[1 - d]);
    auto len = const_value(loop->extent);
    if (!base || !other || *other != 0 || !len) {
      return {};
    }
    Location loc = store->loc;
    Attrs attrs;
    attrs.set(kVectorAttr, kind);
    std::vector<Expr> shape = d == 0 ? std::vector<Expr>{cint(*len, loc), cint(kTile, loc)}
                                     : std::vector<Expr>{cint(kTile, loc), cint(*len, loc)};
    Buffer tmp = Buffer::make(store->buffer->name + "_block", store->buffer->dtype, shape,
                              MemScope::kFragment, attrs, loc);
    std::vector<Expr> idx = d == 0 ? std::vector<Expr>{loop->var, cint(0, loc)}
                                   : std::vector<Expr>{cint(0, loc), loop->var};
    Stmt nest = For::make(loop->var, loop->min, loop->extent, loop->for_kind,
                          BufferStore::make(tmp, idx, store->value, loc), loop->num_stages,
                          loop->attrs, loop->loc);
    Region dst{store->buffer, {}, loc};
    Range r{*base, loop->extent}, pad{cint(0, loc), cint(kTile, loc)};
    dst.ranges = d == 0 ? std::vector<Range>{r, pad} : std::vector<Range>{pad, r};
    Stmt compute = lower_nest(nest.as<For>());
    return Allocate::make(
        tmp, SeqStmt::make({compute, Copy::make(Region::full(tmp, loc), dst, {}, loc)}, loc), loc);
  }

  static bool tile_shaped(const Buffer& b) {
    if (b.rank() < 2) {
      return false;
    }
    for (size_t d = 0; d < b.rank(); ++d) {
      auto v = as_const_int(b->shape[d]);
      if (!v || (d + 2 < b.rank() ? *v != 1 : *v % kTile != 0)) {
        return false;
      }
    }
    return true;
  }

  // Blocks smaller than a tile (one row per T.Kernel block) cannot be computed by tile
  // operations; say how to restructure.
  void report_sub_tile(const Buffer& b, const Location& loc) {
    std::string shape;
    std::string kind = vector_kind(b);
    if (!kind.empty()) {
      shape = print(b->shape[kind == "col" ? 0 : 1]);  // as the user wrote it: [L]
    }
    for (size_t d = 0; kind.empty() && d < b->shape.size(); ++d) {
      shape += (d ? ", " : "") + print(b->shape[d]);
    }
    ctx->error(loc) << fmt::format(
        "element-wise loop over '{}' of shape [{}]: blocks smaller than a 32x32 tile cannot be "
        "computed by tile operations; give every T.Kernel block at least 32 rows and 32 columns "
        "(e.g. T.Kernel(T.ceildiv(M, 32)) with [32, N] blocks instead of one row per block)",
        b->name, shape);
  }

  static bool touches_global(const Expr& e) {
    bool g = false;
    post_order_visit(Evaluate::make(e), [&](const Node* n) {
      if (n->kind == NodeKind::kBufferLoad) {
        g |= static_cast<const BufferLoad*>(n)->buffer->scope == MemScope::kGlobal;
      }
    });
    return g;
  }

  bool is_var(const Expr& e, size_t d, int64_t extent) const {
    auto mn = const_value(nest_[d]->min), ext = const_value(nest_[d]->extent);
    return e.get() == nest_[d]->var.get() && mn && *mn == 0 && ext && *ext == extent;
  }

  // A whole block with the nest's variables in order, a vector over the nest's one loop, or a
  // per-row (column-vector) / per-column (row-vector) operand of a 2-D nest.
  Access access(const Buffer& b, const std::vector<Expr>& idx) const {
    if (idx.size() != b.rank()) {
      return Access::kNone;
    }
    std::vector<int64_t> shape;
    for (const Expr& d : b->shape) {
      shape.push_back(as_const_int(d).value_or(-1));
    }
    std::string kind = vector_kind(b);
    if (!kind.empty() && idx.size() == 2) {
      size_t d = kind == "col" ? 0 : 1;
      auto other = as_const_int(idx[1 - d]);
      if (!other || *other != 0) {
        return Access::kNone;
      }
      if (nest_.size() == 1) {
        return is_var(idx[d], 0, shape[d]) ? Access::kWhole : Access::kNone;
      }
      if (nest_.size() == 2 && is_var(idx[d], d, shape[d])) {
        return kind == "col" ? Access::kBcastCol : Access::kBcastRow;
      }
      return Access::kNone;
    }
    if (nest_.size() != idx.size()) {
      return Access::kNone;
    }
    for (size_t d = 0; d < idx.size(); ++d) {
      if (!is_var(idx[d], d, shape[d])) {
        return Access::kNone;
      }
    }
    return Access::kWhole;
  }

  bool plain_binary(const BufferStore* store) const {
    const Binary* bin = strip_float_casts(store->value).as<Binary>();
    if (!bin || !vector_kind(store->buffer).empty() ||
        (bin->op != BinaryOp::kAdd && bin->op != BinaryOp::kSub && bin->op != BinaryOp::kMul)) {
      return false;
    }
    Expr a = strip_float_casts(bin->a), b = strip_float_casts(bin->b);
    const BufferLoad* x = a.as<BufferLoad>();
    const BufferLoad* y = b.as<BufferLoad>();
    // Operands of different dtypes go through DST (one copy each) instead of the FPU's two
    // source registers.
    return x && y && on_chip(x->buffer) && on_chip(y->buffer) &&
           x->buffer->dtype == y->buffer->dtype &&
           access(x->buffer, x->indices) == Access::kWhole &&
           access(y->buffer, y->indices) == Access::kWhole;
  }

  static bool runtime_scalar(const Expr& e) {
    const Call* c = e.as<Call>();
    return c && c->name == "tt.runtime_arg";
  }

  Expr fail(const Location& loc, const std::string& what) {
    // Expressions built without a source position are reported at their T.Parallel nest.
    ctx->error(loc.known() ? loc : nest_.front()->loc)
        << what
        << " cannot be mapped to tile operations by the Tenstorrent "
           "element-wise lowering (lower-to-sfpu)";
    return {};
  }

  Expr leaf(const BufferLoad* ld) {
    if (!on_chip(ld->buffer)) {
      return fail(ld->loc, fmt::format("load of '{}'", ld->buffer->name));
    }
    Access a = access(ld->buffer, ld->indices);
    if (a == Access::kNone) {
      return fail(ld->loc,
                  fmt::format("load '{}' (only whole-block accesses `buf[i, j]` with the nest's "
                              "loop variables, and per-row `v[i]` / per-column `v[j]` vectors)",
                              print(Expr(ld))));
    }
    bool seen = false;
    for (const Buffer& b : inputs_) {
      seen |= b.same_as(ld->buffer);
    }
    if (!seen) {
      inputs_.push_back(ld->buffer);
    }
    Expr ref = buffer_ref(ld->buffer, ld->loc);
    if (a == Access::kBcastCol) {
      return tile_op("bcast_col", {ref}, ld->loc);
    }
    if (a == Access::kBcastRow) {
      return tile_op("bcast_row", {ref}, ld->loc);
    }
    return ref;
  }

  Expr map(const Expr& e0) {
    Expr e = strip_float_casts(e0);
    Location loc = e.loc();
    if (auto v = const_float(e)) {
      return FloatImm::make(*v, DataType::float32(), loc);
    }
    if (const BufferLoad* ld = e.as<BufferLoad>()) {
      return leaf(ld);
    }
    if (const Unary* u = e.as<Unary>()) {
      if (u->op != UnaryOp::kNeg) {
        return fail(loc, fmt::format("operator '{}'", unary_op_symbol(u->op)));
      }
      Expr a = map(u->a);
      if (!a.defined()) {
        return {};
      }
      if (auto s = const_float(a)) {
        return FloatImm::make(-*s, DataType::float32(), loc);
      }
      if (runtime_scalar(a)) {
        return fail(loc, "negation of a kernel scalar (write `0.0 - s * x` forms instead)");
      }
      return tile_op("neg", {a}, loc);
    }
    if (const Binary* b = e.as<Binary>()) {
      return map_binary(b);
    }
    if (const Call* c = e.as<Call>()) {
      return map_call(c);
    }
    if (const Select* sel = e.as<Select>()) {
      return map_select(sel);
    }
    if (e.as<Cast>()) {
      return fail(loc,
                  fmt::format("cast '{}' (only float-to-float casts are supported)", print(e)));
    }
    if (const Variable* v = e.as<Variable>()) {
      if (scalar_params.count(v) && v->dtype == DataType::float32()) {
        // A kernel scalar: its fp32 bits arrive as a compute runtime argument.
        return call_expr(DataType::float32(), "tt.runtime_arg", {StringImm::make(v->name, loc)}, {},
                         loc);
      }
      return fail(loc, fmt::format("scalar variable '{}' (only constants and float32 kernel "
                                   "parameters are scalar operands)",
                                   print(e)));
    }
    return fail(loc, fmt::format("expression '{}'", print(e)));
  }

  // `base + v` with base free of the nest's variables.
  std::optional<Expr> offset_of(const Expr& e, const Variable* v) const {
    std::vector<const Variable*> vars;
    for (const For* f : nest_) {
      vars.push_back(f->var.get());
    }
    return split_index(e, v, vars);
  }

  // T.if_then_else(row_base + i OP col_base + j, a, b) in a 2-D nest: a mask tile, all `a` or
  // all `b` where the tile lies wholly on one side of the diagonal (decided per tile at run
  // time) and a triangle tile (made once by the reader) on it. With a tile operand the select
  // becomes arithmetic: X + mask(0, -inf) or X * mask(1, 0).
  Expr map_select(const Select* sel) {
    Location loc = sel->loc;
    const Compare* c = sel->cond.as<Compare>();
    std::optional<Expr> row, col;
    CompareOp op = c ? c->op : CompareOp::kEQ;
    if (c && nest_.size() == 2) {
      const Variable* i = nest_[0]->var.get();
      const Variable* j = nest_[1]->var.get();
      row = offset_of(c->a, i);
      col = offset_of(c->b, j);
      if (!row || !col) {  // j-term on the left: mirror the comparison
        row = offset_of(c->b, i);
        col = offset_of(c->a, j);
        op = op == CompareOp::kGE   ? CompareOp::kLE
             : op == CompareOp::kGT ? CompareOp::kLT
             : op == CompareOp::kLE ? CompareOp::kGE
             : op == CompareOp::kLT ? CompareOp::kGT
                                    : CompareOp::kEQ;
      }
    }
    bool rel = op == CompareOp::kGE || op == CompareOp::kGT || op == CompareOp::kLE ||
               op == CompareOp::kLT;
    if (!row || !col || !rel) {
      return fail(loc, fmt::format("T.if_then_else condition '{}' (masks compare `row_base + i` "
                                   "with `col_base + j` by >=, >, <= or < in a 2-D T.Parallel "
                                   "nest)",
                                   print(sel->cond)));
    }
    if (!exact_div(simplify(*row), kTile) || !exact_div(simplify(*col), kTile)) {
      return fail(loc, fmt::format("T.if_then_else condition '{}' whose row and column offsets "
                                   "are not provably multiples of 32 (the mask's diagonal must "
                                   "fall on tile boundaries)",
                                   print(sel->cond)));
    }
    auto mask = [&](double t, double f) {
      std::string key = fmt::format("{}:{}:{}", static_cast<int>(op), t, f);
      auto it = masks.find(key);
      if (it == masks.end()) {
        Buffer b = Buffer::make(fmt::format("mask_{}", masks.size()), DataType::float32(),
                                {cint(kTile, loc), cint(kTile, loc)}, MemScope::kFragment, {}, loc);
        Attrs a;
        a.set("relation", compare_op_symbol(op));
        a.set("true_value", t);
        a.set("false_value", f);
        it = masks.emplace(key, std::make_pair(b, a)).first;
      }
      const Buffer& b = it->second.first;
      bool seen = false;
      for (const Buffer& x : inputs_) {
        seen |= x.same_as(b);
      }
      if (!seen) {
        inputs_.push_back(b);
      }
      return tile_op("mask", {buffer_ref(b, loc), *row, *col}, loc, it->second.second);
    };
    Expr tv = strip_float_casts(sel->true_value), fv = strip_float_casts(sel->false_value);
    auto ct = const_float(tv), cf = const_float(fv);
    if (ct && cf) {
      return mask(*ct, *cf);
    }
    // One side a tile expression, the other -inf (added) or 0 (multiplied).
    bool tile_true = !ct;
    auto k = tile_true ? cf : ct;
    if (k && ((std::isinf(*k) && *k < 0) || *k == 0.0)) {
      Expr x = map(tile_true ? sel->true_value : sel->false_value);
      if (!x.defined()) {
        return {};
      }
      bool add = *k != 0.0;
      double keep = add ? 0.0 : 1.0;
      Expr m = tile_true ? mask(keep, *k) : mask(*k, keep);
      return tile_op(add ? "add" : "mul", {x, m}, loc);
    }
    return fail(loc,
                "T.if_then_else with a tile value on one side and a constant other than 0 "
                "or -inf on the other (or tile values on both sides)");
  }

  Expr map_binary(const Binary* b) {
    Location loc = b->loc;
    static const std::map<BinaryOp, std::string> names = {
        {BinaryOp::kAdd, "add"}, {BinaryOp::kSub, "sub"}, {BinaryOp::kMul, "mul"},
        {BinaryOp::kDiv, "div"}, {BinaryOp::kMax, "max"}, {BinaryOp::kMin, "min"}};
    auto it = names.find(b->op);
    if (it == names.end()) {
      return fail(loc, fmt::format("operator '{}'", binary_op_symbol(b->op)));
    }
    Expr x = map(b->a);
    if (!x.defined()) {
      return {};
    }
    Expr y = map(b->b);
    if (!y.defined()) {
      return {};
    }
    auto sx = const_float(x), sy = const_float(y);
    const std::string& op = it->second;
    if (sx && sy) {
      return fail(loc, "operation between two constants inside a tile expression");
    }
    bool rx = runtime_scalar(x), ry = runtime_scalar(y);
    if (rx || ry) {
      // Kernel scalars: the scalar SFPU forms with the runtime value (x / s is div_unary_tile).
      if ((rx || sx) && (ry || sy)) {
        return fail(loc, "operation between two scalars inside a tile expression");
      }
      if (op == "max" || op == "min") {
        return fail(loc, fmt::format("T.{} with a kernel scalar", op));
      }
      if (op == "div" && rx) {
        return tile_op("mul", {tile_op("recip", {y}, loc), x}, loc);
      }
      return tile_op(op, {x, y}, loc);
    }
    if (op == "max" || op == "min") {
      if (sx || sy) {
        double s = sx ? *sx : *sy;
        Expr t = sx ? y : x;
        if (op == "max" && s == 0.0) {
          return tile_op("relu", {t}, loc);
        }
        return fail(loc, fmt::format("T.{}(x, {}) with a non-zero constant", op, s));
      }
      return tile_op(op, {x, y}, loc);
    }
    if (op == "div") {
      if (sy) {
        if (*sy == 0.0) {
          return fail(loc, "division by the constant 0");
        }
        return tile_op("mul", {x, FloatImm::make(1.0 / *sy, DataType::float32(), loc)}, loc);
      }
      Expr r = tile_op("recip", {y}, loc);
      if (sx && *sx == 1.0) {
        return r;
      }
      return tile_op("mul", {r, x}, loc);
    }
    if (op == "mul" && !sx && !sy) {
      // x * x over the same block (two loads of one tile).
      const RegionRef* rx = x.as<RegionRef>();
      const RegionRef* ry = y.as<RegionRef>();
      if (rx && ry && rx->region.buffer.same_as(ry->region.buffer)) {
        return tile_op("square", {x}, loc);
      }
    }
    return tile_op(op, {x, y}, loc);
  }

  Expr map_call(const Call* c) {
    Location loc = c->loc;
    static const std::set<std::string> unary = {"exp",   "exp2", "log",     "log2", "sqrt",
                                                "rsqrt", "tanh", "sigmoid", "abs"};
    if (unary.count(c->name) && c->args.size() == 1) {
      Expr a = map(c->args[0]);
      if (!a.defined()) {
        return {};
      }
      if (const_float(a) || runtime_scalar(a)) {
        return fail(loc, fmt::format("T.{} of a {}", c->name,
                                     runtime_scalar(a) ? "kernel scalar" : "constant"));
      }
      return tile_op(c->name, {a}, loc);
    }
    if (c->name == "pow" && c->args.size() == 2) {
      auto ex = const_float(strip_float_casts(c->args[1]));
      if (!ex || *ex != std::floor(*ex) || *ex < 0 || *ex > 64) {
        return fail(loc, "T.pow with an exponent that is not a constant integer in [0, 64]");
      }
      Expr a = map(c->args[0]);
      if (!a.defined()) {
        return {};
      }
      Attrs attrs;
      attrs.set("exponent", static_cast<int64_t>(*ex));
      return tile_op("power", {a}, loc, attrs);
    }
    return fail(loc, fmt::format("call '{}'", c->name));
  }
};

// Fusion of consecutive steps: `t = f(...)` followed by `out = g(.., t, ..)`, where nothing else
// touches the intermediate block t, becomes one tree `out = g(.., f(...), ..)` evaluated in DST
// (no round trip through t's CB), when the fused tree still fits DST. t must be read as a whole
// block (not broadcast) over the same tile grid.
class FuseSteps : public Mutator {
 public:
  using Mutator::visit;
  int64_t dst_capacity = 0;
  std::map<const BufferNode*, int> uses;  // statements mentioning each buffer
  bool changed = false;
  PassContext* ctx = nullptr;
  std::set<std::string>* rejected = nullptr;  // fusions already reported as rejected

  Stmt visit(const SeqStmt* op) override {
    Stmt s = Mutator::visit(op);
    const SeqStmt* seq_stmt = s.as<SeqStmt>();
    if (!seq_stmt) {
      return s;
    }
    std::vector<Stmt> stmts = seq_stmt->stmts;
    for (size_t i = 0; i + 1 < stmts.size(); ++i) {
      if (Stmt fused = fuse(stmts[i], stmts[i + 1]); fused.defined()) {
        stmts[i] = fused;
        stmts.erase(stmts.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        changed = true;
      }
    }
    return SeqStmt::make(stmts, seq_stmt->loc);
  }

 private:
  Stmt fuse(const Stmt& first, const Stmt& second) {
    const Call* a = as_call_stmt(first);
    const Call* b = as_call_stmt(second);
    if (!a || !b || a->name != kSfpuOp || b->name != kSfpuOp || sfpu_inputs(a).empty()) {
      return {};
    }
    Buffer t = sfpu_output(a), out = sfpu_output(b);
    bool reads_t = false;
    for (const Buffer& x : sfpu_inputs(b)) {
      reads_t |= x.same_as(t);
    }
    if (!reads_t || out.same_as(t) || uses[t.get()] != 2 || vector_kind(t) != vector_kind(out) ||
        t.rank() != out.rank()) {
      return {};
    }
    for (size_t d = 0; d < t.rank(); ++d) {
      if (as_const_int(t->shape[d]) != as_const_int(out->shape[d])) {
        return {};
      }
    }
    bool ok = true;
    Expr tree = substitute(b->args.back(), t, a->args.back(), &ok);
    if (!ok || sfpu_dst_need(tree) > dst_capacity) {
      std::string key = fmt::format("{}>{}@{}", t->name, out->name, b->loc.str());
      if (ok && rejected->insert(key).second) {
        ctx->remark(b->loc, "fusion") << fmt::format(
            "'{}' is not fused into the step writing '{}': together they would need {} DST "
            "tiles, more than the {} DST holds, so '{}' goes through its CB",
            t->name, out->name, sfpu_dst_need(tree), dst_capacity, t->name);
      }
      return {};
    }
    ctx->remark(b->loc, "fusion") << fmt::format(
        "'{}' is fused into the step writing '{}': nothing else reads it, so both steps are one "
        "DST evaluation ({} tiles) without a round trip through a CB",
        t->name, out->name, sfpu_dst_need(tree));
    std::vector<Expr> args;
    auto add_input = [&](const Expr& ref) {
      Buffer x = ref_buffer(ref);
      for (const Expr& e : args) {
        if (ref_buffer(e).same_as(x)) {
          return;
        }
      }
      args.push_back(ref);
    };
    for (size_t k = 0; k + 2 < a->args.size(); ++k) {
      add_input(a->args[k]);
    }
    for (size_t k = 0; k + 2 < b->args.size(); ++k) {
      if (!ref_buffer(b->args[k]).same_as(t)) {
        add_input(b->args[k]);
      }
    }
    args.push_back(b->args[b->args.size() - 2]);
    args.push_back(tree);
    return call_stmt(kSfpuOp, std::move(args), {}, b->loc);
  }

  // `tree` with every whole-block leaf of t replaced by `with`; fails (ok = false) when t is
  // read through a broadcast or mask.
  static Expr substitute(const Expr& tree, const Buffer& t, const Expr& with, bool* ok) {
    class Subst : public Mutator {
     public:
      using Mutator::visit;
      const BufferNode* t = nullptr;
      Expr with;
      bool* ok = nullptr;
      Expr visit(const RegionRef* op) override {
        return op->region.buffer.get() == t ? with : Expr(op);
      }
      Expr visit(const Call* op) override {
        if (op->name == "tile.bcast_col" || op->name == "tile.bcast_row" ||
            op->name == "tile.mask") {
          *ok &= ref_buffer(op->args[0]).get() != t;
          return op;
        }
        return Mutator::visit(op);
      }
    } sub;
    sub.t = t.get();
    sub.with = with;
    sub.ok = ok;
    return sub.mutate(tree);
  }
};

// How many statements mention each buffer.
std::map<const BufferNode*, int> statement_uses(const Stmt& body) {
  std::map<const BufferNode*, int> uses;
  post_order_visit(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kEvaluate:
      case NodeKind::kCopy:
      case NodeKind::kGemm:
      case NodeKind::kFill:
      case NodeKind::kReduce:
      case NodeKind::kBufferStore:
        for (const BufferNode* b : mentioned(Stmt(static_cast<const StmtNode*>(n)))) {
          ++uses[b];
        }
        break;
      default:
        break;
    }
  });
  return uses;
}

}  // namespace

Module lower_to_sfpu(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    Lowerer l;
    l.ctx = &ctx;
    bool fp32 = false;
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        l.scalar_params.insert(p.var.get());
      }
    }
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kGemm) {
        l.accumulators.insert(static_cast<const Gemm*>(n)->c.buffer.get());
      }
      // D4 switches DST to fp32 (half the tiles) when any compute block is float32.
      if (n->kind == NodeKind::kAllocate) {
        const Buffer& b = static_cast<const Allocate*>(n)->buffer;
        if (on_chip(b) && b->dtype == DataType::float32()) {
          fp32 = true;
        }
      }
    });
    l.dst_capacity = ctx.device.dst_tiles(fp32);
    f = l.mutate(f);
    std::set<std::string> rejected;
    for (bool again = !ctx.failed(); again;) {
      FuseSteps fuse;
      fuse.ctx = &ctx;
      fuse.rejected = &rejected;
      fuse.dst_capacity = l.dst_capacity;
      fuse.uses = statement_uses(f.body);
      f = fuse.mutate(f);
      again = fuse.changed;
    }
    if (l.scaler.defined()) {
      // One all-ones tile for every reduction of the kernel, made once before the block loop.
      Location loc = l.scaler->loc;
      Stmt fill = call_stmt(
          kSfpuOp, {buffer_ref(l.scaler, loc), FloatImm::make(1.0, DataType::float32(), loc)}, {},
          loc);
      f.body = Allocate::make(l.scaler, SeqStmt::make({fill, f.body}, loc), loc);
    }
    for (const auto& [key, mask] : l.masks) {
      // The reader writes each triangle tile once, before the block loop.
      const auto& [b, attrs] = mask;
      Stmt make = call_stmt(kMaskTileOp, {buffer_ref(b, b->loc)}, attrs, b->loc);
      f.body = Allocate::make(b, SeqStmt::make({make, f.body}, b->loc), b->loc);
    }
  }
  return out;
}

}  // namespace tltt::passes
