// The access analysis and rewrite behind choose_tiled_dims (tiled_dims.h). A dimension is spanned
// by an access when a copy region takes more than one element of it, or an element access in a
// T.Parallel nest indexes it with a nest variable; dimensions no access spans are outer ones.
#include "passes/tiled_dims.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

struct Uses {
  std::set<size_t> spanned;
  bool fixed = false;  // used by an operation whose meaning depends on dimension numbers
  Location first;
};

class AccessCollector : public Visitor {
 public:
  using Visitor::visit;
  std::map<const BufferNode*, Uses> uses;  // tensor parameters of rank >= 3

  void visit_region(const Region& r) override {
    if (auto it = uses.find(r.buffer.get()); it != uses.end()) {
      for (size_t d = 0; d < r.ranges.size(); ++d) {
        if (const_value(r.ranges[d].extent).value_or(0) != 1) {
          note(it->second, d, r.loc);
        }
      }
    }
    Visitor::visit_region(r);
  }
  void visit(const For* op) override {
    bool par = op->for_kind == ForKind::kParallel;
    if (par) {
      nest_.push_back(op->var.get());
    }
    Visitor::visit(op);
    if (par) {
      nest_.pop_back();
    }
  }
  void visit(const BufferLoad* op) override {
    element(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    element(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }
  void visit(const Reduce* op) override {
    fix(op->src.buffer);
    fix(op->dst.buffer);
    Visitor::visit(op);
  }
  void visit(const Gemm* op) override {
    fix(op->a.buffer);
    fix(op->b.buffer);
    fix(op->c.buffer);
    Visitor::visit(op);
  }

 private:
  std::vector<const Variable*> nest_;

  void note(Uses& u, size_t d, const Location& loc) {
    if (u.spanned.empty()) {
      u.first = loc;
    }
    u.spanned.insert(d);
  }
  void fix(const Buffer& b) {
    if (auto it = uses.find(b.get()); it != uses.end()) {
      it->second.fixed = true;
    }
  }
  void element(const Buffer& b, const std::vector<Expr>& idx, const Location& loc) {
    auto it = uses.find(b.get());
    if (it == uses.end()) {
      return;
    }
    for (size_t d = 0; d < idx.size(); ++d) {
      for (const Variable* v : nest_) {
        if (uses_var(idx[d], v)) {
          note(it->second, d, loc);
          break;
        }
      }
    }
  }
};

// Rewrites tensors and their accesses into device order.
class Permuter : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, std::pair<Buffer, std::vector<int64_t>>> map;

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = map.find(b.get());
    return it == map.end() ? b : it->second.first;
  }
  Region mutate_region(const Region& r) override {
    auto it = map.find(r.buffer.get());
    if (it == map.end()) {
      return Mutator::mutate_region(r);
    }
    Region out{it->second.first, {}, r.loc};
    for (int64_t d : it->second.second) {
      out.ranges.push_back({mutate(r.ranges[d].min), mutate(r.ranges[d].extent)});
    }
    return out;
  }
  Expr visit(const BufferLoad* op) override {
    auto it = map.find(op->buffer.get());
    if (it == map.end()) {
      return Mutator::visit(op);
    }
    return BufferLoad::make(it->second.first, permute(op->indices, it->second.second), op->loc);
  }
  Stmt visit(const BufferStore* op) override {
    auto it = map.find(op->buffer.get());
    if (it == map.end()) {
      return Mutator::visit(op);
    }
    return BufferStore::make(it->second.first, permute(op->indices, it->second.second),
                             mutate(op->value), op->loc);
  }

 private:
  std::vector<Expr> permute(const std::vector<Expr>& idx, const std::vector<int64_t>& order) {
    std::vector<Expr> out;
    for (int64_t d : order) {
      out.push_back(mutate(idx[d]));
    }
    return out;
  }
};

std::string dims(const std::vector<int64_t>& ds) {
  std::string s;
  for (int64_t d : ds) {
    s += (s.empty() ? "" : ", ") + std::to_string(d);
  }
  return s;
}

}  // namespace

std::vector<int64_t> logical_shape(const Buffer& b) {
  std::vector<int64_t> device;
  for (const Expr& d : b->shape) {
    device.push_back(as_const_int(d).value_or(0));
  }
  const AttrValue* order = b->attrs.find(kDimOrderAttr);
  if (!order) {
    return device;
  }
  std::vector<int64_t> logical(device.size());
  const std::vector<int64_t>& o = order->as_int_list();
  for (size_t i = 0; i < o.size(); ++i) {
    logical[o[i]] = device[i];
  }
  return logical;
}

PrimFunc choose_tiled_dims(const PrimFunc& f, PassContext& ctx) {
  AccessCollector c;
  for (const Param& p : f.params) {
    if (p.is_buffer() && p.buffer.rank() >= 3) {
      c.uses[p.buffer.get()] = {};
    }
  }
  if (c.uses.empty()) {
    return f;
  }
  c.visit(f.body);
  Permuter perm;
  for (const Param& p : f.params) {
    auto it = p.is_buffer() ? c.uses.find(p.buffer.get()) : c.uses.end();
    if (it == c.uses.end()) {
      continue;
    }
    const Buffer& b = p.buffer;
    const Uses& u = it->second;
    size_t rank = b.rank();
    bool last_two = u.spanned.size() == 2 && *u.spanned.begin() == rank - 2;
    if (u.fixed || u.spanned.size() != 2 || last_two) {
      continue;  // the default: the last two dimensions are tiled
    }
    std::vector<int64_t> order;
    for (size_t d = 0; d < rank; ++d) {
      if (!u.spanned.count(d)) {
        order.push_back(static_cast<int64_t>(d));
      }
    }
    order.insert(order.end(), u.spanned.begin(), u.spanned.end());
    std::vector<Expr> shape;
    for (int64_t d : order) {
      shape.push_back(b->shape[d]);
    }
    Attrs attrs = b->attrs;
    attrs.set(kDimOrderAttr, order);
    perm.map[b.get()] = {Buffer::make(b->name, b->dtype, shape, b->scope, attrs, b->loc), order};
    std::vector<int64_t> outer(order.begin(), order.end() - 2);
    ctx.remark(b->loc, "tiled-dims") << fmt::format(
        "tensor '{}': tiles on dimensions {} and {}, outer dimension{} {}: its accesses span "
        "only those two (first at line {})",
        b->name, order[rank - 2], order[rank - 1], outer.size() == 1 ? "" : "s", dims(outer),
        u.first.line);
  }
  if (perm.map.empty()) {
    return f;
  }
  return mutate_with_params(perm, f);
}

}  // namespace tltt::passes
