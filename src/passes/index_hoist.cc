// A1's hoisting of index tensor elements out of T.Parallel nests (see index_hoist.h): the
// element is the same for every element of the nest, so reading it once before the nest is
// exact, and it then takes the lowering of a let of the block.
#include "passes/index_hoist.h"

#include <fmt/format.h>

#include <set>
#include <vector>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Hoist : public Mutator {
 public:
  using Mutator::visit;
  std::set<std::string> names;

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel && !in_nest_ &&
        (loads_buffer(op->min) || loads_buffer(op->extent))) {
      return bounds(op);
    }
    if (op->for_kind != ForKind::kParallel || in_nest_) {
      return Mutator::visit(op);
    }
    in_nest_ = true;
    inner_.clear();
    collect_inner(Stmt(op));
    std::vector<std::pair<Var, const BufferLoad*>> lets;
    lets_ = &lets;
    Stmt s = Mutator::visit(op);
    lets_ = nullptr;
    in_nest_ = false;
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
      s = LetStmt::make(it->first, Expr(it->second), s, op->loc);
    }
    return s;
  }
  // A serial or pipelined loop whose bounds read tensor elements (`T.ceildiv(sizes[bz], 64)`):
  // the elements become lets before the loop, the run-time trip counts of the block.
  Stmt bounds(const For* op) {
    std::vector<std::pair<Var, const BufferLoad*>> lets;
    lets_ = &lets;
    in_nest_ = true;
    inner_.clear();
    Expr min = mutate(op->min), extent = mutate(op->extent);
    in_nest_ = false;
    lets_ = nullptr;
    Stmt s = For::make(op->var, min, extent, op->for_kind, mutate(op->body), op->num_stages,
                       op->attrs, op->loc);
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
      s = LetStmt::make(it->first, Expr(it->second), s, op->loc);
    }
    return s;
  }
  Expr visit(const BufferLoad* op) override {
    if (!in_nest_ || op->buffer->scope != MemScope::kGlobal || !op->buffer->dtype.is_integer() ||
        op->buffer->dtype.bytes() != 4) {
      return Mutator::visit(op);
    }
    for (const Expr& i : op->indices) {
      if (loads_buffer(i)) {
        return Mutator::visit(op);
      }
      for (const Variable* v : inner_) {
        if (uses_var(i, v)) {
          return Mutator::visit(op);
        }
      }
    }
    for (const auto& [v, ld] : *lets_) {
      bool same = ld->buffer.same_as(op->buffer);
      for (size_t d = 0; same && d < op->indices.size(); ++d) {
        same = structural_equal(ld->indices[d], op->indices[d]);
      }
      if (same) {
        return v;
      }
    }
    std::string name = op->buffer->name + "_value";
    for (int k = 2; names.count(name); ++k) {
      name = fmt::format("{}_value{}", op->buffer->name, k);
    }
    names.insert(name);
    Var v = Variable::make(name, op->buffer->dtype, op->loc);
    lets_->push_back({v, op});
    return v;
  }

 private:
  bool in_nest_ = false;
  std::vector<const Variable*> inner_;
  std::vector<std::pair<Var, const BufferLoad*>>* lets_ = nullptr;
  // The variables bound inside the nest (its loops and lets).
  void collect_inner(const Stmt& s) {
    post_order_visit(s, [&](const Node* n) {
      if (n->kind == NodeKind::kFor) {
        inner_.push_back(static_cast<const For*>(n)->var.get());
      } else if (n->kind == NodeKind::kLetStmt) {
        inner_.push_back(static_cast<const LetStmt*>(n)->var.get());
      }
    });
  }
};

}  // namespace

PrimFunc hoist_index_elements(const PrimFunc& f) {
  Hoist h;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kLetStmt) {
      h.names.insert(static_cast<const LetStmt*>(n)->var->name);
    }
  });
  PrimFunc out = f;
  out.body = h.mutate(f.body);
  return out;
}

}  // namespace tltt::passes
