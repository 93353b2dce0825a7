// Orientation inference and the 2-D rewrite of 1-D vectors (see vector_layout.h). A union-find
// over the 1-D buffers and the vector-run tensors: reductions and 2-D nests fix an orientation,
// copies and 1-D nests tie buffers together; unconstrained vectors default to per-row ("col"),
// the common case.
#include "passes/vector_layout.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/tiled_dims.h"
#include "passes/vector_run_tensors.h"

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
    if (!parent.count(b.get())) {
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

  std::vector<VectorTwin> twins;  // loads against the orientation decided before

  void visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      Visitor::visit(op);
      return;
    }
    nest_.push_back(op->var.get());
    bool outermost = nest_.size() == 1;
    if (outermost) {
      nest_rep_ = nullptr;
      nest_root_ = op;
    }
    Visitor::visit(op);
    nest_.pop_back();
  }
  void visit(const BufferLoad* op) override {
    access(op->buffer, op->indices, op->loc, op);
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
  const For* nest_root_ = nullptr;

  void access(const Buffer& b, const std::vector<Expr>& idx, const Location& loc,
              const BufferLoad* load = nullptr) {
    if (b.rank() != 1 || nest_.empty() || idx.size() != 1) {
      return;
    }
    if (nest_.size() == 1) {
      if (!nest_rep_) {
        nest_rep_ = b.get();
      } else if (std::string k = decided(nest_rep_); load && b->scope != MemScope::kGlobal &&
                                                     !k.empty() && !decided(b.get()).empty() &&
                                                     decided(b.get()) != k) {
        // A 1-D nest combining a per-row and a per-column vector (`pp[i] += rowsum[i]` with pp
        // a column sum): the load reads a transposed twin in the nest's orientation.
        twin(b, k, load);
      } else {
        unite(buffers[nest_rep_], b, loc);
      }
      return;
    }
    const Variable* rows = nest_[nest_.size() - 2];
    const Variable* cols = nest_.back();
    bool r = uses_var(idx[0], rows), c = uses_var(idx[0], cols);
    if (r == c) {
      return;
    }
    std::string k = r ? "col" : "row";
    std::string now = decided(b.get());
    if (load && b->scope != MemScope::kGlobal && !now.empty() && now != k) {
      twin(b, k, load);
      return;
    }
    set(b, k, loc);
  }

  // The orientation decided so far for b's set, or "".
  std::string decided(const BufferNode* b) {
    if (!parent.count(b)) {
      return "";
    }
    auto it = kind.find(find(b));
    return it == kind.end() ? "" : it->second;
  }
  void twin(const Buffer& b, const std::string& k, const BufferLoad* load) {
    auto t = std::find_if(twins.begin(), twins.end(), [&](const VectorTwin& t) {
      return t.vector.same_as(b) && t.nest == nest_root_;
    });
    if (t == twins.end()) {
      t = twins.insert(twins.end(), VectorTwin{b, nest_root_, k, {}, {}});
    }
    t->loads.insert(load);
  }

  void conflict(const Buffer& b, const Location& loc, const BufferNode* root) {
    ctx->error(loc).note(decided_at[root], "orientation decided here") << fmt::format(
        "vector '{}' is used both as a per-row value (`v[i]`, a column broadcast) and as "
        "a per-column value (`v[j]`, a row broadcast); use separate buffers",
        b->name);
  }
};

struct Reshaped {
  Buffer buffer;
  bool col = true;            // a column vector tile ([L, 32]), else a row vector tile
  std::optional<size_t> run;  // for a vector-run tensor: its run dimension
};

class Reshaper : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, Reshaped> map;

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = map.find(b.get());
    return it == map.end() ? b : it->second.buffer;
  }
  // A vector's run [min, min + extent) becomes the rows (columns) of its tiles; the other
  // dimensions of a vector-run tensor (one element each) are outer dimensions.
  Region mutate_region(const Region& r) override {
    auto it = map.find(r.buffer.get());
    if (it == map.end() || (!it->second.run && r.ranges.size() != 1)) {
      return Mutator::mutate_region(r);
    }
    size_t run = it->second.run.value_or(0);
    Region out{it->second.buffer, {}, r.loc};
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      if (d != run) {
        out.ranges.push_back({mutate(r.ranges[d].min), mutate(r.ranges[d].extent)});
      }
    }
    Range v{mutate(r.ranges[run].min), mutate(r.ranges[run].extent)};
    Range pad{cint(0, r.loc), cint(kTile, r.loc)};
    out.ranges.push_back(it->second.col ? v : pad);
    out.ranges.push_back(it->second.col ? pad : v);
    return out;
  }
  Expr visit(const BufferLoad* op) override {
    auto it = map.find(op->buffer.get());
    if (it != map.end() && it->second.run && op->indices.size() > 1) {
      // An element of a vector-run tensor (RunTensors): outer indices, then its tile position.
      size_t run = *it->second.run;
      std::vector<Expr> idx;
      for (size_t d = 0; d < op->indices.size(); ++d) {
        if (d != run) {
          idx.push_back(mutate(op->indices[d]));
        }
      }
      for (const Expr& e : index(op->indices[run], it->second.col, op->loc)) {
        idx.push_back(e);
      }
      return BufferLoad::make(it->second.buffer, idx, op->loc);
    }
    if (it == map.end() || op->indices.size() != 1) {
      return Mutator::visit(op);
    }
    return BufferLoad::make(it->second.buffer, index(op->indices[0], it->second.col, op->loc),
                            op->loc);
  }
  Stmt visit(const BufferStore* op) override {
    auto it = map.find(op->buffer.get());
    if (it == map.end() || op->indices.size() != 1) {
      return Mutator::visit(op);
    }
    return BufferStore::make(it->second.buffer, index(op->indices[0], it->second.col, op->loc),
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
  RunTensors runs;
  std::vector<Buffer> vectors;
  for (const Param& p : f.params) {
    if (p.is_buffer() && p.buffer.rank() >= 2) {
      runs.dim[p.buffer.get()] = std::nullopt;
    }
  }
  runs.visit(f.body);
  for (auto& [b, d] : runs.dim) {
    // Only one-element runs (`S[b, i, h]`, a trailing unit dimension scalar_elements added):
    // along the last dimension.
    if (!d && runs.unit.count(b)) {
      d = b->shape.size() - 1;
    }
  }
  for (const Param& p : f.params) {
    auto it = p.is_buffer() ? runs.dim.find(p.buffer.get()) : runs.dim.end();
    bool run = it != runs.dim.end() && it->second && !runs.rejected.count(p.buffer.get());
    if (p.is_buffer() && (p.buffer.rank() == 1 || run)) {
      o.add(p.buffer);
      vectors.push_back(p.buffer);
    }
  }
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
  PrimFunc g = f;
  g.body = add_vector_twins(f.body, o.twins, ctx);
  for (const VectorTwin& t : o.twins) {
    o.add(t.twin);
    o.kind[t.twin.get()] = t.kind;
    vectors.push_back(t.twin);
  }
  Reshaper r;
  for (const Buffer& b : vectors) {
    auto it = o.kind.find(o.find(b.get()));
    bool col = it == o.kind.end() || it->second == "col";
    Location loc = b->loc;
    size_t run = b.rank() == 1 ? 0 : *runs.dim[b.get()];
    Expr len = b->shape[run];
    Attrs attrs = b->attrs;
    attrs.set(kVectorAttr, col ? "col" : "row");
    std::vector<Expr> shape;
    std::vector<int64_t> logical, order;
    for (size_t d = 0; d < b.rank(); ++d) {
      logical.push_back(as_const_int(b->shape[d]).value_or(0));
      if (d != run) {
        shape.push_back(b->shape[d]);
        order.push_back(static_cast<int64_t>(d));
      }
    }
    if (b->scope == MemScope::kGlobal) {
      attrs.set(kVectorLogicalShape, logical);
    }
    if (b->scope != MemScope::kGlobal && b.rank() == 1 && as_const_int(len) == 1) {
      attrs.set(kScalarElementAttr, true);
    }
    if (b.rank() >= 2) {
      // One vector per index of the other dimensions, which become outer dimensions (moved
      // before the run dimension when it is not the last).
      order.push_back(static_cast<int64_t>(run));
      if (run + 1 != b.rank()) {
        attrs.set(kDimOrderAttr, order);
      }
      ctx.remark(b->loc, "vector-runs") << fmt::format(
          "tensor '{}': {} vector tiles of dimension {}, one per index of dimension{} {}: its "
          "accesses copy runs of dimension {} to and from 1-D buffers (first at line {})",
          b->name, col ? "per-row ([L, 32])" : "per-column ([32, L])", run,
          order.size() == 2 ? "" : "s", fmt::join(order.begin(), order.end() - 1, ", "), run,
          runs.first[b.get()].line);
    }
    shape.push_back(col ? len : cint(kTile, loc));
    shape.push_back(col ? cint(kTile, loc) : len);
    r.map[b.get()] = {Buffer::make(b->name, b->dtype, shape, b->scope, attrs, loc), col,
                      b.rank() >= 2 ? std::optional<size_t>(run) : std::nullopt};
  }
  return mutate_with_params(r, g);
}

}  // namespace tltt::passes
