// On-chip blocks of shape [n, 1] or [1, n] seen as 1-D vectors of n elements (onchip_views.h).
#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/onchip_views.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The axis of extent 1 of a 2-D on-chip block [n, 1] / [1, n] (n > 1, constant), or -1.
int unit_axis(const Buffer& b) {
  if (b->scope == MemScope::kGlobal || b->dtype.is_handle() || b.rank() != 2) {
    return -1;
  }
  auto r = as_const_int(b->shape[0]), c = as_const_int(b->shape[1]);
  if (!r || !c || (*r == 1) == (*c == 1)) {
    return -1;
  }
  return *r == 1 ? 0 : 1;
}

class Squeeze : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, std::pair<Buffer, int>> vectors;  // the 1-D buffer, unit axis

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = vectors.find(b.get());
    return it == vectors.end() ? b : it->second.first;
  }
  Expr visit(const BufferLoad* op) override {
    auto it = vectors.find(op->buffer.get());
    if (it == vectors.end() || op->indices.size() != 2) {
      return Mutator::visit(op);
    }
    return BufferLoad::make(it->second.first, {mutate(op->indices[1 - it->second.second])},
                            op->loc);
  }
  Stmt visit(const BufferStore* op) override {
    auto it = vectors.find(op->buffer.get());
    if (it == vectors.end() || op->indices.size() != 2) {
      return Mutator::visit(op);
    }
    return BufferStore::make(it->second.first, {mutate(op->indices[1 - it->second.second])},
                             mutate(op->value), op->loc);
  }
  Region mutate_region(const Region& r) override {
    auto it = vectors.find(r.buffer.get());
    if (it == vectors.end() || r.ranges.size() != 2) {
      return Mutator::mutate_region(r);
    }
    const Range& keep = r.ranges[1 - it->second.second];
    return Region{it->second.first, {{mutate(keep.min), mutate(keep.extent)}}, r.loc};
  }
};

}  // namespace

PrimFunc squeeze_unit_blocks(const PrimFunc& f) {
  // Blocks a GEMM, a reduction source, an atomic update or a view uses keep their two axes
  // (their dim attributes and operand shapes speak of them).
  std::set<const BufferNode*> keep;
  std::map<const BufferNode*, Buffer> candidates;
  // A kernel whose 2-D blocks are all one row (column) is left to coarsen_blocks, which groups
  // its T.Kernel blocks 32 at a time; a whole 2-D block (both sides > 1) rules that out.
  bool whole_block = false;
  std::vector<std::pair<const BufferNode*, const BufferNode*>> copies;  // on-chip to on-chip
  post_order_visit(f.body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kAllocate: {
        const Buffer& b = static_cast<const Allocate*>(n)->buffer;
        if (unit_axis(b) >= 0) {
          candidates[b.get()] = b;
        } else if (b->scope != MemScope::kGlobal && b.rank() == 2 &&
                   const_value(b->shape[0]).value_or(1) > 1 &&
                   const_value(b->shape[1]).value_or(1) > 1) {
          whole_block = true;
        }
        break;
      }
      case NodeKind::kGemm: {
        const auto* g = static_cast<const Gemm*>(n);
        for (const Region* r : {&g->a, &g->b, &g->c}) {
          keep.insert(r->buffer.get());
        }
        break;
      }
      case NodeKind::kBufferLoad:
      case NodeKind::kBufferStore: {
        // Only blocks read and written at index 0 of their unit axis are vectors (a nest over
        // `T.Parallel(1, n)` keeps the block 2-D, for the forms that lower it as written).
        const Buffer& b = n->kind == NodeKind::kBufferLoad
                              ? static_cast<const BufferLoad*>(n)->buffer
                              : static_cast<const BufferStore*>(n)->buffer;
        const auto& idx = n->kind == NodeKind::kBufferLoad
                              ? static_cast<const BufferLoad*>(n)->indices
                              : static_cast<const BufferStore*>(n)->indices;
        int axis = unit_axis(b);
        if (axis >= 0 && (idx.size() != 2 || const_value(idx[axis]) != 0)) {
          keep.insert(b.get());
        }
        break;
      }
      case NodeKind::kCopy: {
        const auto* c = static_cast<const Copy*>(n);
        if (c->src.buffer->scope != MemScope::kGlobal &&
            c->dst.buffer->scope != MemScope::kGlobal) {
          copies.emplace_back(c->src.buffer.get(), c->dst.buffer.get());
        }
        break;
      }
      case NodeKind::kReduce:
        keep.insert(static_cast<const Reduce*>(n)->src.buffer.get());
        break;
      case NodeKind::kAtomicAdd:
        keep.insert(static_cast<const AtomicAdd*>(n)->dst.buffer.get());
        break;
      case NodeKind::kBufferView:
        keep.insert(static_cast<const BufferView*>(n)->buffer.get());
        keep.insert(static_cast<const BufferView*>(n)->source.get());
        break;
      default:
        break;
    }
  });
  if (!whole_block) {
    return f;
  }
  // Both sides of an on-chip copy change shape together (an accumulator [1, n] a GEMM keeps
  // 2-D copied into a [1, n] staging block keeps the staging block 2-D too).
  auto squeezed = [&](const BufferNode* b) { return candidates.count(b) && !keep.count(b); };
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [a, b] : copies) {
      if (squeezed(a) != squeezed(b)) {
        keep.insert(a);
        keep.insert(b);
        changed = true;
      }
    }
  }
  Squeeze sq;
  for (const auto& [node, b] : candidates) {
    if (keep.count(node)) {
      continue;
    }
    int axis = unit_axis(b);
    Buffer v = Buffer::make(b->name, b->dtype, {b->shape[1 - axis]}, b->scope, b->attrs, b->loc);
    sq.vectors[node] = {v, axis};
  }
  if (sq.vectors.empty()) {
    return f;
  }
  return sq.mutate(f);
}

}  // namespace tltt::passes
