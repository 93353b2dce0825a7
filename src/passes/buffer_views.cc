// Folding reshaping views of tensor parameters into the parameter (buffer_views.h).
#include "passes/buffer_views.h"

#include <map>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

std::optional<int64_t> numel(const Buffer& b) {
  int64_t n = 1;
  for (const Expr& e : b->shape) {
    auto v = as_const_int(e);
    if (!v) {
      return std::nullopt;
    }
    n *= *v;
  }
  return n;
}

// Every buffer referenced other than as the source of a view.
class DirectUses : public Mutator {
 public:
  using Mutator::visit;
  std::set<const BufferNode*> used;
  Buffer mutate_buffer(const Buffer& b) override {
    used.insert(b.get());
    return b;
  }
  Stmt visit(const BufferView* op) override {
    mutate(op->body);
    return op;
  }
};

class Fold : public BufferSubstituter {
 public:
  using BufferSubstituter::visit;
  std::set<const BufferNode*> folded;  // the views removed
  Stmt visit(const BufferView* op) override {
    return folded.count(op->buffer.get()) ? mutate(op->body) : BufferSubstituter::visit(op);
  }
};

}  // namespace

PrimFunc fold_reshape_views(const PrimFunc& f) {
  std::set<const BufferNode*> params;
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      params.insert(p.buffer.get());
    }
  }
  std::map<const BufferNode*, std::vector<const BufferView*>> views;  // by source parameter
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kBufferView) {
      const auto* v = static_cast<const BufferView*>(n);
      if (params.count(v->source.get())) {
        views[v->source.get()].push_back(v);
      }
    }
  });
  if (views.empty()) {
    return f;
  }
  DirectUses direct;
  direct.mutate(f.body);
  Fold fold;
  for (const auto& [src, vs] : views) {
    const BufferView* first = vs.front();
    const Buffer& source = first->source;
    bool ok = !direct.used.count(src) && source->scope == MemScope::kGlobal &&
              numel(source).has_value() && numel(source) == numel(first->buffer);
    for (const BufferView* v : vs) {
      ok = ok && v->buffer->dtype == source->dtype &&
           v->buffer->shape.size() == first->buffer->shape.size();
      for (size_t d = 0; ok && d < v->buffer->shape.size(); ++d) {
        ok = as_const_int(v->buffer->shape[d]) == as_const_int(first->buffer->shape[d]);
      }
    }
    if (!ok) {
      continue;
    }
    Buffer flat = Buffer::make(source->name, source->dtype, first->buffer->shape, MemScope::kGlobal,
                               source->attrs, source->loc);
    fold.map[src] = flat;
    for (const BufferView* v : vs) {
      fold.map[v->buffer.get()] = flat;
      fold.folded.insert(v->buffer.get());
    }
  }
  return fold.map.empty() ? f : mutate_with_params(fold, f);
}

}  // namespace tltt::passes
