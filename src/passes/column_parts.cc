// A1: an on-chip 2-D block used only through column slices that never cross a few cut points
// (`Q_shared[:, :D]` and `Q_shared[:, D:]` of sparse MLA: the nope and rope parts of a query
// loaded by two T.copy and multiplied by two T.gemm) is split into one block per part. Circular
// buffers hold whole blocks, so a copy or gemm on part of one has no lowering; as separate
// blocks each part is a whole block of its own, which is what the kernel means by the slices.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The column range [lo, hi) of a region of a 2-D block with constant row range covering the
// block, else nullopt.
struct Cols {
  int64_t lo = 0, hi = 0;
};
std::optional<Cols> column_slice(const Region& r) {
  const Buffer& b = r.buffer;
  if (b.rank() != 2 || r.ranges.size() != 2) {
    return std::nullopt;
  }
  auto rows = as_const_int(b->shape[0]);
  auto r0 = const_value(r.ranges[0].min), re = const_value(r.ranges[0].extent);
  auto c0 = const_value(r.ranges[1].min), ce = const_value(r.ranges[1].extent);
  if (!rows || r0 != 0 || re != rows || !c0 || !ce) {
    return std::nullopt;
  }
  return Cols{*c0, *c0 + *ce};
}

// Per candidate block: the slices its copies and gemms take; blocks with any other use are out.
class Uses : public Visitor {
 public:
  using Visitor::visit;
  std::map<const BufferNode*, std::vector<Cols>> slices;
  std::set<const BufferNode*> other;

  void visit(const Copy* op) override {
    region(op->src);
    region(op->dst);
  }
  void visit(const Gemm* op) override {
    region(op->a);
    region(op->b);
    region(op->c);
  }
  void visit(const BufferLoad* op) override {
    other.insert(op->buffer.get());
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    other.insert(op->buffer.get());
    Visitor::visit(op);
  }
  void visit(const Fill* op) override { other.insert(op->dst.buffer.get()); }
  void visit(const Reduce* op) override {
    other.insert(op->src.buffer.get());
    other.insert(op->dst.buffer.get());
  }
  void visit(const RegionRef* op) override { other.insert(op->region.buffer.get()); }
  void visit(const BufferView* op) override {
    other.insert(op->buffer.get());
    other.insert(op->source.get());
    Visitor::visit(op);
  }
  void visit(const AtomicAdd* op) override {
    other.insert(op->dst.buffer.get());
    Visitor::visit(op);
  }

 private:
  void region(const Region& r) {
    if (r.buffer->scope == MemScope::kGlobal) {
      return;
    }
    if (auto c = column_slice(r)) {
      slices[r.buffer.get()].push_back(*c);
    } else {
      other.insert(r.buffer.get());
    }
  }
};

// The cut points of a block's slices: every slice boundary, when no slice crosses one, the
// parts are whole 32-column tiles and there are at least two of them.
std::optional<std::vector<int64_t>> cuts_of(const std::vector<Cols>& slices, int64_t width) {
  std::set<int64_t> cuts{0, width};
  for (const Cols& c : slices) {
    cuts.insert(c.lo);
    cuts.insert(c.hi);
  }
  if (cuts.size() < 3 || *cuts.begin() < 0 || *cuts.rbegin() > width) {
    return std::nullopt;
  }
  for (int64_t c : cuts) {
    if (c % kTile != 0) {
      return std::nullopt;
    }
  }
  for (const Cols& s : slices) {
    for (int64_t c : cuts) {
      if (c > s.lo && c < s.hi) {
        return std::nullopt;  // a slice spanning two parts
      }
    }
  }
  return std::vector<int64_t>(cuts.begin(), cuts.end());
}

class Split : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, std::vector<int64_t>> cuts;
  std::map<const BufferNode*, std::vector<Buffer>> parts;

  Stmt visit(const Allocate* op) override {
    auto it = cuts.find(op->buffer.get());
    if (it == cuts.end()) {
      return Mutator::visit(op);
    }
    const Buffer& b = op->buffer;
    std::vector<Buffer>& ps = parts[b.get()];
    for (size_t k = 0; k + 1 < it->second.size(); ++k) {
      ps.push_back(Buffer::make(fmt::format("{}_c{}", b->name, it->second[k]), b->dtype,
                                {b->shape[0], cint(it->second[k + 1] - it->second[k], op->loc)},
                                b->scope, b->attrs, b->loc));
    }
    Stmt body = mutate(op->body);
    for (auto p = ps.rbegin(); p != ps.rend(); ++p) {
      body = Allocate::make(*p, body, op->loc);
    }
    return body;
  }
  Stmt visit(const Copy* op) override {
    return Copy::make(part(op->src), part(op->dst), op->attrs, op->loc);
  }
  Stmt visit(const Gemm* op) override {
    return Gemm::make(part(op->a), part(op->b), part(op->c), op->transpose_a, op->transpose_b,
                      op->clear_accum, op->attrs, op->loc);
  }

 private:
  // The slice as the whole part holding it.
  Region part(const Region& r) {
    auto it = parts.find(r.buffer.get());
    if (it == parts.end()) {
      return r;
    }
    Cols c = *column_slice(r);
    const std::vector<int64_t>& cs = cuts.at(r.buffer.get());
    for (size_t k = 0; k + 1 < cs.size(); ++k) {
      if (cs[k] == c.lo) {
        return Region::full(it->second[k], r.loc);
      }
    }
    return r;
  }
};

}  // namespace

PrimFunc split_block_columns(const PrimFunc& f) {
  Uses u;
  u.visit(f.body);
  Split s;
  for (const auto& [b, slices] : u.slices) {
    auto width = as_const_int(b->shape[1]);
    if (u.other.count(b) || b->scope == MemScope::kGlobal || !width) {
      continue;
    }
    // Every slice must be exactly one part: cuts at each boundary, no slice over two parts.
    if (auto cuts = cuts_of(slices, *width)) {
      bool exact = true;
      for (const Cols& c : slices) {
        exact &= std::find(cuts->begin(), cuts->end(), c.lo) != cuts->end() &&
                 *std::upper_bound(cuts->begin(), cuts->end(), c.lo) == c.hi;
      }
      if (exact) {
        s.cuts[b] = *cuts;
      }
    }
  }
  if (s.cuts.empty()) {
    return f;
  }
  PrimFunc out = f;
  out.body = s.mutate(f.body);
  return out;
}

}  // namespace tltt::passes
