// The tensor accesses of a kernel split over a mesh (mesh_split.h, mesh_offset.h): for every
// access to a tensor parameter, which block index of the T.Kernel grid addresses each dimension
// and with which block size, and the uses of block indices a split cannot serve.
#pragma once
#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass.h"
#include "passes/pass_util.h"

namespace tltt::passes::mesh {

using namespace ir;

// One dimension of one access to a tensor parameter.
struct Access {
  size_t dim = 0;
  int k = -1;        // the split T.Kernel dimension its index follows, -1 for none
  int64_t coef = 0;  // the index is `coef * b_k + r`
  bool write = false;
  Location loc;
};

// Collects every access to the tensor parameters and reports the uses of split block indices
// the per-device kernel could not serve.
class AccessCollector : public Visitor {
 public:
  using Visitor::visit;
  PassContext* ctx = nullptr;
  // Only the writes matter (the split by block offsets: every device holds the whole inputs
  // and sees the block indices of the whole grid, so reads and other uses are free).
  bool writes_only = false;
  std::map<const Variable*, int> split;  // split block index -> T.Kernel dimension
  std::set<const BufferNode*> params;
  std::map<const BufferNode*, std::vector<Access>> accesses;
  VarRanges ranges;

  void enter_stmt(const StmtNode* s) override { loc_ = s->loc; }

  void visit(const KernelLaunch* op) override {
    for (size_t k = 0; k < op->vars.size(); ++k) {
      ranges[op->vars[k].get()] = {0, as_const_int(op->extents[k]).value_or(1) - 1};
    }
    visit(op->body);
  }
  void visit(const For* op) override {
    visit(op->min);
    visit(op->extent);
    auto lo = bounds(op->min, ranges), n = bounds(op->extent, ranges);
    if (lo && n) {
      ranges[op->var.get()] = {lo->lo, lo->hi + n->hi - 1};
    }
    visit(op->body);
  }
  void visit(const LetStmt* op) override {
    visit(op->value);
    if (auto b = bounds(op->value, ranges)) {
      ranges[op->var.get()] = *b;
    }
    visit(op->body);
  }
  void visit(const Variable* op) override {
    if (writes_only) {
      return;
    }
    if (auto it = split.find(op); it != split.end() && reported_.insert(op).second) {
      ctx->error(loc_) << fmt::format(
          "the block index `{}` is split over the devices of the mesh but used here outside a "
          "tensor index of the form `{} * c + r`: each device's kernel sees only its own part "
          "of the block grid",
          op->name, op->name);
    }
  }

  void visit(const Copy* op) override {
    visit_region(op->src);
    write(op->dst);
  }
  void visit(const Gemm* op) override {
    visit_region(op->a);
    visit_region(op->b);
    write(op->c);
  }
  void visit(const Fill* op) override {
    write(op->dst);
    visit(op->value);
  }
  void visit(const Reduce* op) override {
    visit_region(op->src);
    write(op->dst);
  }
  void visit(const AtomicAdd* op) override {
    write(op->dst);
    visit(op->value);
  }
  void visit_region(const Region& r) override {
    if (writes_only && !writing_) {
      return;
    }
    if (!params.count(r.buffer.get())) {
      Visitor::visit_region(r);
      return;
    }
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      index(r.buffer, d, r.ranges[d].min, r.ranges[d].extent, r.loc.known() ? r.loc : loc_);
    }
  }
  void visit(const BufferLoad* op) override {
    if (writes_only) {
      return;
    }
    if (!params.count(op->buffer.get())) {
      Visitor::visit(op);
      return;
    }
    for (size_t d = 0; d < op->indices.size(); ++d) {
      index(op->buffer, d, op->indices[d], cint(1), op->loc.known() ? op->loc : loc_);
    }
  }
  void visit(const BufferStore* op) override {
    if (!params.count(op->buffer.get())) {
      Visitor::visit(op);
      return;
    }
    writing_ = true;
    for (size_t d = 0; d < op->indices.size(); ++d) {
      index(op->buffer, d, op->indices[d], cint(1), loc_);
    }
    writing_ = false;
    visit(op->value);
  }

 private:
  Location loc_;
  bool writing_ = false;
  std::set<const Variable*> reported_;

  void write(const Region& r) {
    writing_ = true;
    visit_region(r);
    writing_ = false;
  }

  // Dimension d of an access to `t` at `index` with `extent` elements.
  void index(const Buffer& t, size_t d, const Expr& index, const Expr& extent, Location loc) {
    Access a{d, -1, 0, writing_, loc};
    const Variable* v = nullptr;
    for (const auto& [var, k] : split) {
      if (!uses_var(index, var)) {
        continue;
      }
      if (v) {
        ctx->error(loc) << fmt::format(
            "dimension {} of '{}' is indexed by `{}`, which mixes the block indices `{}` and "
            "`{}`; both are split over the devices of the mesh",
            d, t->name, print(index), v->name, var->name);
        return;
      }
      v = var;
      a.k = k;
    }
    if (!v) {
      visit(index);
      visit(extent);
      accesses[t.get()].push_back(a);
      return;
    }
    auto aff = affine_in(index, v);
    auto rest = aff ? bounds(aff->rest, ranges) : std::nullopt;
    auto ext = const_value(extent);
    if (!aff || aff->coef <= 0 || !rest || !ext || rest->lo < 0 || rest->hi + *ext > aff->coef) {
      ctx->error(loc) << fmt::format(
          "dimension {} of '{}' is indexed by `{}`: a block index split over the devices of the "
          "mesh must index a tensor as `{} * c + r` with the access inside one block "
          "(0 <= r, r + extent <= c), so that each device reads and writes only its own chunk",
          d, t->name, print(index), v->name);
      return;
    }
    a.coef = aff->coef;
    accesses[t.get()].push_back(a);
  }
};

}  // namespace tltt::passes::mesh
