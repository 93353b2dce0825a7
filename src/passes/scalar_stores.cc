// A1: tensor elements assigned to kernel-local float scalars (`g = G[b, s, h]`, `m =
// T.max(m, L[b, k])`, into a T.alloc_var or a one-element fragment) become copies of each
// element's one-element run into a one-element on-chip block, so that every such scalar is a
// block whose tile holds the value at (0, 0): the reader reads the element (a run copy, also
// off the tile grid), B3 computes the scalar's assignments as element-wise tile work on that
// tile and reads it in T.Parallel nests as a scalar broadcast.
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/scalar_vars.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool one_element(const Buffer& b) {
  for (const Expr& d : b->shape) {
    if (as_const_int(d) != std::optional<int64_t>(1)) {
      return false;
    }
  }
  return true;
}

bool loads_any(const Expr& e) {
  bool found = false;
  post_order_visit(Evaluate::make(e),
                   [&](const Node* n) { found |= n->kind == NodeKind::kBufferLoad; });
  return found;
}

// The element's one-element region.
Region element_region(const BufferLoad* ld) {
  Region r{ld->buffer, {}, ld->loc};
  for (const Expr& i : ld->indices) {
    r.ranges.push_back(Range{i, cint(1, ld->loc)});
  }
  return r;
}

class StageScalarStores : public Mutator {
 public:
  using Mutator::visit;
  std::set<std::string> names;

  // Element-wise nests are A1's other stagings' and B3's business.
  Stmt visit(const For* op) override {
    return op->for_kind == ForKind::kParallel ? Stmt(op) : Mutator::visit(op);
  }

  Stmt visit(const BufferStore* op) override {
    const Buffer& s = op->buffer;
    if (s->scope == MemScope::kGlobal || !s->dtype.is_float() || !one_element(s)) {
      return Mutator::visit(op);
    }
    Location loc = op->loc;
    const BufferLoad* whole = op->value.as<BufferLoad>();
    if (whole && staged(whole)) {
      return Copy::make(element_region(whole), Region::full(s, loc), {}, loc);
    }
    // Each float tensor element the value reads: its own one-element block, copied first.
    std::vector<Stmt> copies;
    std::vector<Buffer> blocks;
    class Replace : public Mutator {
     public:
      using Mutator::visit;
      StageScalarStores* self = nullptr;
      std::vector<Stmt>* copies = nullptr;
      std::vector<Buffer>* blocks = nullptr;
      Expr visit(const BufferLoad* ld) override {
        if (!self->staged(ld)) {
          return Mutator::visit(ld);
        }
        std::string name = self->fresh(ld->buffer->name + "_elem");
        Buffer b = Buffer::make(name, ld->buffer->dtype, {cint(1, ld->loc)}, MemScope::kFragment,
                                {}, ld->loc);
        copies->push_back(Copy::make(element_region(ld), Region::full(b, ld->loc), {}, ld->loc));
        blocks->push_back(b);
        return BufferLoad::make(b, {cint(0, ld->loc)}, ld->loc);
      }
    } r;
    r.self = this;
    r.copies = &copies;
    r.blocks = &blocks;
    Expr value = r.mutate(op->value);
    if (copies.empty()) {
      return op;
    }
    copies.push_back(BufferStore::make(s, op->indices, value, loc));
    Stmt out = seq(copies, loc);
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
      out = Allocate::make(*it, out, loc);
    }
    return out;
  }

  // A float element of a tensor at indices that read no buffer.
  bool staged(const BufferLoad* ld) const {
    if (ld->buffer->scope != MemScope::kGlobal || !ld->buffer->dtype.is_float()) {
      return false;
    }
    for (const Expr& i : ld->indices) {
      if (loads_any(i)) {
        return false;
      }
    }
    return true;
  }

  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int k = 2; names.count(name); ++k) {
      name = fmt::format("{}{}", base, k);
    }
    names.insert(name);
    return name;
  }
};

// 1-D on-chip buffers every element of which holds one value: each store is the whole body of
// a 1-D T.Parallel nest, `v[i] = e` with e free of i and reading no on-chip buffer (`sinks[i] =
// Sinks[h]`), and the buffer is otherwise only loaded.
class UniformVectors : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> candidates, rejected;

  void visit_buffer(const Buffer& b) override { rejected.insert(b.get()); }
  void visit_region(const Region& r) override {
    rejected.insert(r.buffer.get());
    Visitor::visit_region(r);
  }
  void visit(const For* op) override {
    const BufferStore* st = op->body.as<BufferStore>();
    if (op->for_kind == ForKind::kParallel && st && candidates.count(st->buffer.get()) &&
        uniform_store(op, st)) {
      visit(st->value);
      return;
    }
    Visitor::visit(op);
  }
  void visit(const Allocate* op) override { visit(op->body); }
  void visit(const BufferStore* op) override {
    rejected.insert(op->buffer.get());
    Visitor::visit(op);
  }
  void visit(const BufferLoad* op) override {
    for (const Expr& i : op->indices) {
      visit(i);
    }
  }

  static bool uniform_store(const For* loop, const BufferStore* st) {
    if (st->indices.size() != 1 || st->indices[0].get() != loop->var.get() ||
        uses_var(st->value, loop->var.get())) {
      return false;
    }
    bool on_chip = false;
    post_order_visit(Evaluate::make(st->value), [&](const Node* n) {
      on_chip |= n->kind == NodeKind::kBufferLoad &&
                 static_cast<const BufferLoad*>(n)->buffer->scope != MemScope::kGlobal;
    });
    return !on_chip;
  }
};

// Each uniform vector as a one-element buffer: its nest `s[0] = e`, every load `s[0]`.
class ScalarizeVectors : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, Buffer> scalar;

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = scalar.find(b.get());
    return it == scalar.end() ? b : it->second;
  }
  Stmt visit(const For* op) override {
    const BufferStore* st = op->body.as<BufferStore>();
    if (op->for_kind == ForKind::kParallel && st && scalar.count(st->buffer.get())) {
      return BufferStore::make(scalar.at(st->buffer.get()), {cint(0, st->loc)}, mutate(st->value),
                               st->loc);
    }
    return Mutator::visit(op);
  }
  Expr visit(const BufferLoad* op) override {
    auto it = scalar.find(op->buffer.get());
    if (it == scalar.end()) {
      return Mutator::visit(op);
    }
    return BufferLoad::make(it->second, {cint(0, op->loc)}, op->loc);
  }
};

}  // namespace

PrimFunc scalarize_uniform_vectors(const PrimFunc& f) {
  UniformVectors scan;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      const Buffer& b = static_cast<const Allocate*>(n)->buffer;
      if (b->scope != MemScope::kGlobal && b.rank() == 1 && b->dtype.is_float()) {
        scan.candidates.insert(b.get());
      }
    }
  });
  scan.visit(f.body);
  ScalarizeVectors sv;
  for (const BufferNode* b : scan.candidates) {
    if (!scan.rejected.count(b)) {
      sv.scalar[b] = Buffer::make(b->name, b->dtype, {cint(1, b->loc)}, b->scope, b->attrs, b->loc);
    }
  }
  if (sv.scalar.empty()) {
    return f;
  }
  PrimFunc out = f;
  out.body = sv.mutate(f.body);
  return out;
}

PrimFunc stage_scalar_stores(const PrimFunc& f) {
  StageScalarStores st;
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      st.names.insert(p.buffer->name);
    }
  }
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      st.names.insert(static_cast<const Allocate*>(n)->buffer->name);
    }
  });
  PrimFunc out = f;
  out.body = st.mutate(f.body);
  return out;
}

}  // namespace tltt::passes
