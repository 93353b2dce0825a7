// Orientation inference and the 2-D rewrite of 1-D vectors (see vector_layout.h). A union-find
// over the 1-D buffers: reductions and 2-D nests fix an orientation, copies and 1-D nests tie
// buffers together; unconstrained vectors default to per-row ("col"), the common case.
#include "passes/vector_layout.h"

#include <fmt/format.h>

#include <map>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

std::string vector_kind(const Buffer& b) {
  const AttrValue* v = b.defined() ? b->attrs.find(kVectorAttr) : nullptr;
  return v ? v->as_string() : "";
}

namespace {

class Orientations : public Visitor {
 public:
  using Visitor::visit;
  PassContext* ctx = nullptr;
  std::map<const BufferNode*, const BufferNode*> parent;
  std::map<const BufferNode*, std::string> kind;     // per root
  std::map<const BufferNode*, Location> decided_at;  // per root
  std::map<const BufferNode*, Buffer> buffers;

  void add(const Buffer& b) {
    if (b.rank() == 1 && !parent.count(b.get())) {
      parent[b.get()] = b.get();
      buffers[b.get()] = b;
    }
  }
  const BufferNode* find(const BufferNode* b) {
    while (parent[b] != b) {
      b = parent[b] = parent[parent[b]];
    }
    return b;
  }
  void set(const Buffer& b, const std::string& k, const Location& loc) {
    if (!parent.count(b.get())) {
      return;
    }
    const BufferNode* r = find(b.get());
    auto it = kind.find(r);
    if (it == kind.end()) {
      kind[r] = k;
      decided_at[r] = loc;
    } else if (it->second != k) {
      conflict(b, loc, r);
    }
  }
  void unite(const Buffer& a, const Buffer& b, const Location& loc) {
    if (!parent.count(a.get()) || !parent.count(b.get())) {
      return;
    }
    const BufferNode *ra = find(a.get()), *rb = find(b.get());
    if (ra == rb) {
      return;
    }
    auto ka = kind.find(ra), kb = kind.find(rb);
    if (ka != kind.end() && kb != kind.end() && ka->second != kb->second) {
      conflict(b, loc, ra);
      return;
    }
    parent[rb] = ra;
    if (ka == kind.end() && kb != kind.end()) {
      kind[ra] = kb->second;
      decided_at[ra] = decided_at[rb];
    }
  }

  void visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      Visitor::visit(op);
      return;
    }
    nest_.push_back(op->var.get());
    bool outermost = nest_.size() == 1;
    if (outermost) {
      nest_rep_ = nullptr;
    }
    Visitor::visit(op);
    nest_.pop_back();
  }
  void visit(const BufferLoad* op) override {
    access(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    access(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }
  void visit(const Copy* op) override {
    unite(op->src.buffer, op->dst.buffer, op->loc);
    Visitor::visit(op);
  }
  void visit(const Reduce* op) override {
    if (op->src.buffer.rank() == 2 && op->dst.buffer.rank() == 1) {
      set(op->dst.buffer, op->dim == 1 ? "col" : "row", op->loc);
    }
    Visitor::visit(op);
  }

 private:
  std::vector<const Variable*> nest_;
  const BufferNode* nest_rep_ = nullptr;

  void access(const Buffer& b, const std::vector<Expr>& idx, const Location& loc) {
    if (b.rank() != 1 || nest_.empty() || idx.size() != 1) {
      return;
    }
    if (nest_.size() == 1) {
      if (!nest_rep_) {
        nest_rep_ = b.get();
      } else {
        unite(buffers[nest_rep_], b, loc);
      }
      return;
    }
    const Variable* rows = nest_[nest_.size() - 2];
    const Variable* cols = nest_.back();
    bool r = uses_var(idx[0], rows), c = uses_var(idx[0], cols);
    if (r != c) {
      set(b, r ? "col" : "row", loc);
    }
  }

  void conflict(const Buffer& b, const Location& loc, const BufferNode* root) {
    ctx->error(loc).note(decided_at[root], "orientation decided here") << fmt::format(
        "vector '{}' is used both as a per-row value (`v[i]`, a column broadcast) and as "
        "a per-column value (`v[j]`, a row broadcast); use separate buffers",
        b->name);
  }
};

class Reshaper : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, std::pair<Buffer, bool>> map;  // new buffer, is column vector

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = map.find(b.get());
    return it == map.end() ? b : it->second.first;
  }
  Region mutate_region(const Region& r) override {
    auto it = map.find(r.buffer.get());
    if (it == map.end() || r.ranges.size() != 1) {
      return Mutator::mutate_region(r);
    }
    Range v{mutate(r.ranges[0].min), mutate(r.ranges[0].extent)};
    Range pad{cint(0, r.loc), cint(kTile, r.loc)};
    Region out{it->second.first, {}, r.loc};
    out.ranges = it->second.second ? std::vector<Range>{v, pad} : std::vector<Range>{pad, v};
    return out;
  }
  Expr visit(const BufferLoad* op) override {
    auto it = map.find(op->buffer.get());
    if (it == map.end() || op->indices.size() != 1) {
      return Mutator::visit(op);
    }
    return BufferLoad::make(it->second.first, index(op->indices[0], it->second.second, op->loc),
                            op->loc);
  }
  Stmt visit(const BufferStore* op) override {
    auto it = map.find(op->buffer.get());
    if (it == map.end() || op->indices.size() != 1) {
      return Mutator::visit(op);
    }
    return BufferStore::make(it->second.first, index(op->indices[0], it->second.second, op->loc),
                             mutate(op->value), op->loc);
  }

 private:
  std::vector<Expr> index(const Expr& i, bool col, const Location& loc) {
    Expr v = mutate(i);
    return col ? std::vector<Expr>{v, cint(0, loc)} : std::vector<Expr>{cint(0, loc), v};
  }
};

}  // namespace

PrimFunc reshape_vectors(const PrimFunc& f, PassContext& ctx) {
  Orientations o;
  o.ctx = &ctx;
  std::vector<Buffer> vectors;
  for (const Param& p : f.params) {
    if (p.is_buffer() && p.buffer.rank() == 1) {
      o.add(p.buffer);
      vectors.push_back(p.buffer);
    }
  }
  std::vector<const Allocate*> allocs;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      const Buffer& b = static_cast<const Allocate*>(n)->buffer;
      if (b.rank() == 1) {
        o.add(b);
        vectors.push_back(b);
      }
    }
  });
  if (vectors.empty()) {
    return f;
  }
  o.visit(f.body);
  if (ctx.failed()) {
    return f;
  }
  Reshaper r;
  for (const Buffer& b : vectors) {
    auto it = o.kind.find(o.find(b.get()));
    bool col = it == o.kind.end() || it->second == "col";
    Location loc = b->loc;
    Expr len = b->shape[0];
    Attrs attrs = b->attrs;
    attrs.set(kVectorAttr, col ? "col" : "row");
    if (b->scope == MemScope::kGlobal) {
      attrs.set(kVectorLogicalShape, std::vector<int64_t>{as_const_int(len).value_or(0)});
    }
    std::vector<Expr> shape =
        col ? std::vector<Expr>{len, cint(kTile, loc)} : std::vector<Expr>{cint(kTile, loc), len};
    r.map[b.get()] = {Buffer::make(b->name, b->dtype, shape, b->scope, attrs, loc), col};
  }
  return mutate_with_params(r, f);
}

}  // namespace tltt::passes
