// A1: index variables bound inside T.Parallel nests (`r = by * 32 + i`) replaced by their values
// (vector_layout.h, inline_index_lets). A kernel may name an index before it uses it; the
// analyses of tensor indices (scalar reads, B3's staging of a nest's loads and stores, shifted
// windows, the mesh split) work on the index expression, which the name would hide from them.
// Outside the nests such lets stay, and only the regions of T.copy see through them, where that
// shows a constant extent or an origin on the tile grid (a window `KV[kv_start:kv_end, :]` whose
// origin a loop computes).
#include <map>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Integer arithmetic of variables and constants only: no tensor or buffer read, no call, so
// evaluating it where the variable is used gives the same value as at its binding.
bool pure_index(const Expr& e) {
  if (!e->dtype.is_integer()) {
    return false;
  }
  struct Reads : Visitor {
    using Visitor::visit;
    bool pure = true;
    void visit(const BufferLoad*) override { pure = false; }
    void visit(const Call*) override { pure = false; }
    void visit(const RegionRef*) override { pure = false; }
  } r;
  r.visit(e);
  return r.pure;
}

class IndexLets : public Mutator {
 public:
  using Mutator::visit;

  Stmt visit(const For* op) override {
    const bool par = op->for_kind == ForKind::kParallel;
    depth_ += par ? 1 : 0;
    Stmt s = Mutator::visit(op);
    depth_ -= par ? 1 : 0;
    return s;
  }
  Stmt visit(const LetStmt* op) override {
    Expr value = mutate(op->value);
    if (!pure_index(value) && !(depth_ > 0 && index_element(value))) {
      return LetStmt::make(op->var, value, mutate(op->body), op->loc);
    }
    auto& values = depth_ == 0 ? copy_values_ : values_;
    values[op->var.get()] = value;
    Stmt body = mutate(op->body);
    values.erase(op->var.get());
    return depth_ == 0 ? LetStmt::make(op->var, value, body, op->loc) : body;
  }
  Stmt visit(const Copy* op) override {
    Region src = mutate_region(op->src), dst = mutate_region(op->dst);
    ++in_copy_;
    Region src_seen = region(op->src), dst_seen = region(op->dst);
    --in_copy_;
    return Copy::make(clearer(src, src_seen) ? src_seen : src,
                      clearer(dst, dst_seen) ? dst_seen : dst, op->attrs, op->loc);
  }
  Expr visit(const Variable* op) override {
    if (auto it = values_.find(op); it != values_.end()) {
      return it->second;
    }
    auto it = copy_values_.find(op);
    return it == copy_values_.end() || in_copy_ == 0 ? Expr(op) : mutate(it->second);
  }

 private:
  // A copy region with the lets' values in it, simplified where they went in (`kv_end -
  // kv_start` is the window's constant extent).
  Region region(const Region& r) {
    Region out{r.buffer, {}, r.loc};
    for (const Range& rg : r.ranges) {
      Expr mn = mutate(rg.min), ext = mutate(rg.extent);
      out.ranges.push_back(
          {mn.same_as(rg.min) ? mn : simplify(mn), ext.same_as(rg.extent) ? ext : cancel(ext)});
    }
    return out;
  }

  // Whether `seen` (the lets' values in it) shows what `r` hides: a constant extent, or an
  // origin on the tile grid, where r's is not. Otherwise the region keeps its names.
  static bool clearer(const Region& r, const Region& seen) {
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      if ((!const_value(r.ranges[d].extent) && const_value(seen.ranges[d].extent)) ||
          (!exact_div(r.ranges[d].min, kTile) && exact_div(seen.ranges[d].min, kTile))) {
        return true;
      }
    }
    return false;
  }

  // `end - start` with the variables both use cancelled out: drops every variable whose
  // coefficient is 0, then simplifies.
  static Expr cancel(Expr e) {
    for (const Variable* v : vars_in(e)) {
      auto a = affine_in(e, v);
      if (a && a->coef == 0 && !uses_var(a->rest, v)) {
        e = a->rest;
      }
    }
    return simplify(e);
  }

  // An element of an integer tensor the function never writes, at a pure index (`idx =
  // TopkIndices[b, s, base + i]` in a sparse-attention nest): reading it again where the name is
  // used gives the same value, and the gather (row_gathers.h) and run analyses see the load.
  bool index_element(const Expr& e) const {
    const BufferLoad* l = e.as<BufferLoad>();
    if (!l || l->buffer->scope != MemScope::kGlobal || !l->buffer->dtype.is_integer() ||
        written.count(l->buffer.get())) {
      return false;
    }
    for (const Expr& i : l->indices) {
      if (!pure_index(i)) {
        return false;
      }
    }
    return true;
  }

 public:
  std::set<const BufferNode*> written;  // tensors the function stores to or copies into

 private:
  int depth_ = 0;
  int in_copy_ = 0;
  std::map<const Variable*, Expr> values_;
  std::map<const Variable*, Expr> copy_values_;  // lets outside the nests: for copy regions
};

}  // namespace

PrimFunc inline_index_lets(const PrimFunc& f) {
  IndexLets m;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kBufferStore) {
      m.written.insert(static_cast<const BufferStore*>(n)->buffer.get());
    } else if (n->kind == NodeKind::kCopy) {
      m.written.insert(static_cast<const Copy*>(n)->dst.buffer.get());
    } else if (n->kind == NodeKind::kAtomicAdd) {
      m.written.insert(static_cast<const AtomicAdd*>(n)->dst.buffer.get());
    }
  });
  return mutate_with_params(m, f);
}

}  // namespace tltt::passes
