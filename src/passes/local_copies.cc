// Copies of parts of a block only the reader fills and reads (A4's row blocks kept whole in
// L1): which blocks qualify (C2) and which tile columns a copy takes.
#include "passes/local_copies.h"

#include <algorithm>
#include <iterator>

#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

// CBs only the reader touches: loaded from tensors and otherwise only the source of copies of
// parts of them into other blocks (the row blocks A4 keeps whole in L1).
std::set<const BufferNode*> reader_held(const Stmt& body) {
  std::set<const BufferNode*> loaded, other;
  post_order_visit(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kCopy: {
        const Copy* c = static_cast<const Copy*>(n);
        if (c->src.buffer->scope == MemScope::kGlobal) {
          loaded.insert(c->dst.buffer.get());
        } else if (c->dst.buffer->scope == MemScope::kGlobal || region_is_full(c->src) ||
                   !region_is_full(c->dst)) {
          other.insert(c->src.buffer.get());
          other.insert(c->dst.buffer.get());
        } else {
          other.insert(c->dst.buffer.get());
        }
        break;
      }
      case NodeKind::kBufferLoad:
        other.insert(static_cast<const BufferLoad*>(n)->buffer.get());
        break;
      case NodeKind::kBufferStore:
        other.insert(static_cast<const BufferStore*>(n)->buffer.get());
        break;
      case NodeKind::kFill:
        other.insert(static_cast<const Fill*>(n)->dst.buffer.get());
        break;
      case NodeKind::kReduce:
        other.insert(static_cast<const Reduce*>(n)->src.buffer.get());
        other.insert(static_cast<const Reduce*>(n)->dst.buffer.get());
        break;
      case NodeKind::kGemm:
        for (const Region* r : {&static_cast<const Gemm*>(n)->a, &static_cast<const Gemm*>(n)->b,
                                &static_cast<const Gemm*>(n)->c}) {
          other.insert(r->buffer.get());
        }
        break;
      case NodeKind::kRegionRef:
        other.insert(static_cast<const RegionRef*>(n)->region.buffer.get());
        break;
      default:
        break;
    }
  });
  std::set<const BufferNode*> out;
  std::set_difference(loaded.begin(), loaded.end(), other.begin(), other.end(),
                      std::inserter(out, out.end()));
  return out;
}

std::optional<Expr> held_part(const std::set<const BufferNode*>& held, const Region& r) {
  const Buffer& b = r.buffer;
  if (!held.count(b.get())) {
    return std::nullopt;
  }
  for (size_t d = 0; d + 1 < b.rank(); ++d) {
    auto e = const_value(r.ranges[d].extent);
    if (const_value(r.ranges[d].min) != 0 || !e || as_const_int(b->shape[d]) != *e) {
      return std::nullopt;
    }
  }
  auto w = const_value(r.ranges.back().extent);
  if (!w || *w % kTile != 0) {
    return std::nullopt;
  }
  return exact_div(r.ranges.back().min, kTile);
}

std::optional<Expr> held_columns(const std::set<const BufferNode*>& held, const Region& src,
                                 const Region& dst) {
  if (!region_is_full(dst) || src.buffer.rank() != dst.buffer.rank()) {
    return std::nullopt;
  }
  for (size_t d = 0; d < src.ranges.size(); ++d) {
    auto e = const_value(src.ranges[d].extent);
    if (!e || as_const_int(dst.buffer->shape[d]) != *e) {
      return std::nullopt;
    }
  }
  return held_part(held, src);
}

std::optional<Expr> held_load(const std::set<const BufferNode*>& held, const Region& t,
                              const Region& b) {
  size_t rt = t.ranges.size(), rb = b.ranges.size();
  if (rt < 2 || rb < 2) {
    return std::nullopt;
  }
  for (size_t d = 0; d < 2; ++d) {
    const Range &x = t.ranges[rt - 1 - d], &y = b.ranges[rb - 1 - d];
    auto e = const_value(x.extent);
    if (!e || e != const_value(y.extent) || !exact_div(x.min, kTile)) {
      return std::nullopt;
    }
  }
  for (size_t d = 0; d + 2 < rt; ++d) {
    if (const_value(t.ranges[d].extent) != 1) {
      return std::nullopt;
    }
  }
  return held_part(held, b);
}

}  // namespace tltt::passes
