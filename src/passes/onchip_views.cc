// Folding reshaping views of on-chip blocks into the block (onchip_views.h).
#include "passes/onchip_views.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

std::optional<std::vector<int64_t>> const_shape(const Buffer& b) {
  std::vector<int64_t> s;
  for (const Expr& e : b->shape) {
    auto v = as_const_int(e);
    if (!v) {
      return std::nullopt;
    }
    s.push_back(*v);
  }
  return s;
}

std::string shape_text(const Buffer& b) {
  std::vector<std::string> d;
  for (const Expr& e : b->shape) {
    auto v = as_const_int(e);
    d.push_back(v ? std::to_string(*v) : "?");
  }
  return fmt::format("{}", fmt::join(d, ", "));
}

int64_t product(const std::vector<int64_t>& v, size_t from, size_t to) {
  int64_t n = 1;
  for (size_t i = from; i < to; ++i) {
    n *= v[i];
  }
  return n;
}

// A foldable view: its shape, and the block it shows.
struct View {
  Buffer block;
  std::vector<int64_t> shape;
  // Row of the block for the view's leading indices idx[0..rank-2].
  Expr row(const std::vector<Expr>& idx) const {
    Expr r = cint(0);
    for (size_t d = 0; d + 1 < shape.size(); ++d) {
      r = add(r, mul(idx[d], cint(product(shape, d + 1, shape.size() - 1))));
    }
    return simplify(r);
  }
};

// Whether `dst` holds one element per row of view `v`'s block: [rows] or [rows, 1] (a unit
// axis squeeze_unit_blocks makes a vector after the fold).
bool row_vector_of(const Buffer& dst, const View& v) {
  int64_t rows = product(v.shape, 0, v.shape.size() - 1);
  auto n = as_const_int(dst->shape[0]);
  return n == rows && (dst.rank() == 1 || (dst.rank() == 2 && const_value(dst->shape[1]) == 1));
}

// Why view `v` does not lay out its block's tiles, or "".
std::string unfoldable(const BufferView* v) {
  auto s = const_shape(v->source), w = const_shape(v->buffer);
  if (v->buffer->dtype != v->source->dtype) {
    return fmt::format(
        "it changes the dtype ({} into {}); a circular buffer holds tiles of "
        "one format",
        v->source->dtype.str(), v->buffer->dtype.str());
  }
  if (!s || !w || s->size() != 2 || w->size() < 2) {
    return "only views of 2-D blocks of constant shape, with 2 or more dimensions, are folded";
  }
  if (product(*s, 0, s->size()) != product(*w, 0, w->size()) || w->back() != s->back()) {
    return fmt::format(
        "it changes the last dimension ({} into {}); a view maps onto the same "
        "tiles only when it keeps the last dimension and splits the rows",
        s->back(), w->back());
  }
  return "";
}

class Fold : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  std::map<const BufferNode*, View> views;

  Stmt visit(const BufferView* op) override {
    return views.count(op->buffer.get()) ? mutate(op->body) : Mutator::visit(op);
  }

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel || !merge_.empty()) {
      return Mutator::visit(op);
    }
    std::vector<const For*> nest = parallel_nest(op);
    const View* v = nest_view(nest);
    if (!v) {
      return Mutator::visit(op);
    }
    // The leading loops become one row loop `r`; the last one stays the column loop.
    size_t k = nest.size() - 1;
    Location loc = op->loc;
    merge_row_ = Variable::make(op->var->name + "_row", op->var->dtype, loc);
    merge_shape_ = v->shape;
    for (size_t d = 0; d < k; ++d) {
      Expr e = merge_row_;
      int64_t stride = product(v->shape, d + 1, k);
      if (stride != 1) {
        e = floordiv(e, cint(stride, loc));
      }
      if (v->shape[d] == 1) {
        e = cint(0, loc);
      } else if (d != 0) {
        e = floormod(e, cint(v->shape[d], loc));
      }
      merge_[nest[d]->var.get()] = e;
      merge_vars_.push_back(nest[d]->var.get());
    }
    Stmt body = mutate(nest.back()->body);
    merge_.clear();
    merge_vars_.clear();
    const For* col = nest.back();
    Stmt cols = For::make(col->var, col->min, col->extent, ForKind::kParallel, body, 0, col->attrs,
                          col->loc);
    return For::make(merge_row_, cint(0, loc), cint(product(v->shape, 0, k), loc),
                     ForKind::kParallel, cols, 0, op->attrs, loc);
  }

  Expr visit(const Variable* op) override {
    auto it = merge_.find(op);
    return it == merge_.end() ? Mutator::visit(op) : it->second;
  }

  Expr visit(const BufferLoad* op) override {
    auto it = views.find(op->buffer.get());
    if (it == views.end() || op->indices.size() != it->second.shape.size()) {
      return Mutator::visit(op);
    }
    return BufferLoad::make(it->second.block, indices(it->second, op->indices), op->loc);
  }
  Stmt visit(const BufferStore* op) override {
    auto it = views.find(op->buffer.get());
    if (it == views.end() || op->indices.size() != it->second.shape.size()) {
      return Mutator::visit(op);
    }
    return BufferStore::make(it->second.block, indices(it->second, op->indices), mutate(op->value),
                             op->loc);
  }

  Region mutate_region(const Region& r) override {
    auto it = views.find(r.buffer.get());
    if (it == views.end()) {
      return Mutator::mutate_region(r);
    }
    const View& v = it->second;
    if (region_is_full(r)) {
      return Region::full(v.block, r.loc);
    }
    size_t k = r.ranges.size() - 2;
    std::vector<Expr> mins;
    for (size_t d = 0; d + 1 < r.ranges.size(); ++d) {
      if (d < k && const_value(r.ranges[d].extent) != 1) {
        ctx->error(r.loc) << fmt::format(
            "region of '{}' (a T.reshape view of on-chip block '{}') spans several indices of "
            "dimension {}: only regions of one index of each leading dimension map onto rows of "
            "the block",
            r.buffer->name, v.block->name, d);
        return Region::full(v.block, r.loc);
      }
      mins.push_back(mutate(r.ranges[d].min));
    }
    const Range& rows = r.ranges[k];
    const Range& cols = r.ranges.back();
    return Region{v.block,
                  {{v.row(mins), mutate(rows.extent)}, {mutate(cols.min), mutate(cols.extent)}},
                  r.loc};
  }

  Stmt visit(const Reduce* op) override {
    // A reduction of a whole view along its last axis into a vector of one element per view
    // row reduces the block's rows: view rows are block rows.
    auto src = views.find(op->src.buffer.get());
    if (src != views.end() && op->src.buffer.rank() > 2 && region_is_full(op->src) &&
        op->dim + 1 == static_cast<int64_t>(op->src.buffer.rank()) && region_is_full(op->dst) &&
        !views.count(op->dst.buffer.get()) && row_vector_of(op->dst.buffer, src->second)) {
      return Reduce::make(op->reduce_kind, Region::full(src->second.block, op->src.loc), op->dst, 1,
                          op->clear, op->loc);
    }
    for (const Region* r : {&op->src, &op->dst}) {
      auto it = views.find(r->buffer.get());
      if (it != views.end() && r->buffer.rank() != 2) {
        ctx->error(op->loc) << fmt::format(
            "T.reduce of '{}', a T.reshape view of on-chip block '{}' with {} dimensions, has no "
            "Tenstorrent lowering yet; reduce a 2-D block, or the whole view along its last "
            "dimension into a vector of one element per row of the block",
            r->buffer->name, it->second.block->name, r->buffer.rank());
        return op;
      }
    }
    return Mutator::visit(op);
  }

 private:
  std::map<const Variable*, Expr> merge_;    // leading loop variables of a merged nest
  std::vector<const Variable*> merge_vars_;  // in loop order
  Var merge_row_;
  std::vector<int64_t> merge_shape_;  // the shape of the views it reads at its own variables

  // The view that `nest` (one loop per dimension, over its whole shape) accesses at its own
  // loop variables, or nullptr.
  const View* nest_view(const std::vector<const For*>& nest) {
    const View* found = nullptr;
    post_order_visit(nest.back()->body, [&](const Node* n) {
      const Buffer* b = nullptr;
      const std::vector<Expr>* idx = nullptr;
      if (n->kind == NodeKind::kBufferLoad) {
        b = &static_cast<const BufferLoad*>(n)->buffer;
        idx = &static_cast<const BufferLoad*>(n)->indices;
      } else if (n->kind == NodeKind::kBufferStore) {
        b = &static_cast<const BufferStore*>(n)->buffer;
        idx = &static_cast<const BufferStore*>(n)->indices;
      }
      auto it = b ? views.find(b->get()) : views.end();
      if (found || it == views.end() || idx->size() != nest.size() || nest.size() < 3) {
        return;
      }
      for (size_t d = 0; d < nest.size(); ++d) {
        const Expr& i = (*idx)[d];
        if (i->kind != NodeKind::kVariable ||
            static_cast<const Node*>(i.get()) != nest[d]->var.get() ||
            const_value(nest[d]->min) != 0 || const_value(nest[d]->extent) != it->second.shape[d]) {
          return;
        }
      }
      found = &it->second;
    });
    return found;
  }

  // The block's [row, column] for the view's indices (in a merged nest, its own loop variables
  // are the row loop).
  std::vector<Expr> indices(const View& v, const std::vector<Expr>& idx) {
    std::vector<Expr> lead;
    bool merged = !merge_.empty();
    for (size_t d = 0; d + 1 < idx.size(); ++d) {
      merged = merged && d < merge_vars_.size() && idx[d]->kind == NodeKind::kVariable &&
               static_cast<const Variable*>(idx[d].get()) == merge_vars_[d];
      lead.push_back(mutate(idx[d]));
    }
    Expr row = merged && v.shape == merge_shape_ ? Expr(merge_row_) : v.row(lead);
    return {row, mutate(idx.back())};
  }
};

}  // namespace

PrimFunc fold_onchip_views(const PrimFunc& f, PassContext& ctx) {
  Fold fold;
  fold.ctx = &ctx;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind != NodeKind::kBufferView) {
      return;
    }
    const auto* v = static_cast<const BufferView*>(n);
    if (v->source->scope == MemScope::kGlobal || v->source->dtype.is_handle()) {
      return;
    }
    std::string why = unfoldable(v);
    if (!why.empty()) {
      ctx.error(v->loc) << fmt::format(
          "'{}' (buffer '{}', a view of on-chip block '{}' with shape [{}]) has no Tenstorrent "
          "lowering: {}",
          v->construct, v->buffer->name, v->source->name, shape_text(v->buffer), why);
      return;
    }
    fold.views[v->buffer.get()] = View{v->source, *const_shape(v->buffer)};
  });
  if (fold.views.empty() || ctx.failed()) {
    return f;
  }
  PrimFunc g = f;
  g.body = fold.mutate(f.body);
  return g;
}

}  // namespace tltt::passes
