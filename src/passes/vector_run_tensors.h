// The vector-run tensors of reshape_vectors (vector_layout.cc): tensor parameters of rank >= 2
// whose accesses are 1-D runs copied to and from 1-D on-chip buffers. Included by
// vector_layout.cc only.
#pragma once
#include <map>
#include <optional>
#include <set>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

// Tensor parameters of rank >= 2 that the kernel only copies 1-D runs of to and from 1-D
// on-chip buffers (per-row statistics `Delta[b, h, s0:s1]`): each one's run dimension, the one
// dimension its regions take more than one element of. Any other use (element accesses, GEMM,
// reductions, copies to 2-D blocks or other tensors, runs along different dimensions) leaves the
// tensor to the ordinary tiling.
class RunTensors : public ir::Visitor {
 public:
  using Visitor::visit;
  std::map<const ir::BufferNode*, std::optional<size_t>> dim;  // candidates; nullopt: no run seen
  std::set<const ir::BufferNode*> rejected;
  std::map<const ir::BufferNode*, Location> first;
  // Copied only one element at a time into one-element vectors (scalar_elements.cc): their
  // last dimension is the run (of one element).
  std::set<const ir::BufferNode*> unit;

  void visit_buffer(const ir::Buffer& b) override { rejected.insert(b.get()); }
  // An element of a tensor scalar_elements gave a trailing unit dimension, read by an integer
  // let every kernel computes (the reader reads it, D3's mailbox): the element of its tile.
  void visit(const ir::BufferLoad* op) override {
    const ir::Buffer& b = op->buffer;
    bool unit_form = dim.count(b.get()) && b.rank() >= 2 &&
                     const_value(b->shape.back()).value_or(0) == 1 &&
                     op->indices.size() == b.rank();
    if (!unit_form) {
      Visitor::visit(op);
      return;
    }
    for (const ir::Expr& i : op->indices) {
      visit(i);
    }
  }
  void visit(const ir::Copy* op) override {
    int64_t run = op->attrs.get_int(kRunDimAttr, -1);
    side(op->src, op->dst, run);
    side(op->dst, op->src, run);
  }

 private:
  // `run`: the run dimension the copy names (kRunDimAttr), -1 when it names none.
  void side(const ir::Region& r, const ir::Region& other, int64_t run) {
    auto it = dim.find(r.buffer.get());
    if (it == dim.end()) {
      visit_region(r);
      return;
    }
    for (const ir::Range& rg : r.ranges) {
      visit(rg.min);
      visit(rg.extent);
    }
    std::vector<size_t> spanned;
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      if (const_value(r.ranges[d].extent).value_or(0) != 1 || static_cast<int64_t>(d) == run) {
        spanned.push_back(d);
      }
    }
    bool vector_side = other.buffer.rank() == 1 && other.buffer->scope != ir::MemScope::kGlobal;
    if (!vector_side || spanned.size() > 1 ||
        (spanned.size() == 1 && it->second && *it->second != spanned[0])) {
      rejected.insert(r.buffer.get());
    } else if (spanned.size() == 1 && !it->second) {
      it->second = spanned[0];
      first[r.buffer.get()] = r.loc;
    } else if (spanned.empty() && unit.insert(r.buffer.get()).second) {
      first.emplace(r.buffer.get(), r.loc);
    }
  }
};

}  // namespace tltt::passes
