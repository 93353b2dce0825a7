// B0a's analysis (reuse_blocks_analysis.h): the rows of a block tied to a grid coordinate
// through the kernel's dataflow, and the checks that grouping blocks along them is exact.
#include "passes/reuse_blocks_analysis.h"

#include <functional>

#include <set>

#include "ir/visitor.h"
#include "passes/block_groups.h"
#include "passes/pass_util.h"
#include "passes/reuse_blocks_causal.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool on_chip(const Buffer& b) { return b->scope != MemScope::kGlobal; }

// Every use of `b` in `e` is `b * B + v` with v a row variable (a row of the block).
bool row_uses_only(const Expr& e, const RowAnalysis& a) {
  if (!uses_var(e, a.b)) {
    return true;
  }
  if (auto af = affine_in(e, a.b); af && af->coef == a.rows) {
    for (const Variable* v : a.row_vars) {
      if (auto r = affine_in(af->rest, v); r && r->coef == 1 && !uses_var(r->rest, a.b)) {
        return true;
      }
    }
  }
  if (const auto* x = e.as<Binary>()) {
    return row_uses_only(x->a, a) && row_uses_only(x->b, a);
  }
  if (const auto* x = e.as<Compare>()) {
    return row_uses_only(x->a, a) && row_uses_only(x->b, a);
  }
  if (const auto* x = e.as<Logical>()) {
    return row_uses_only(x->a, a) && row_uses_only(x->b, a);
  }
  if (const auto* x = e.as<Select>()) {
    return row_uses_only(x->cond, a) && row_uses_only(x->true_value, a) &&
           row_uses_only(x->false_value, a);
  }
  if (const auto* x = e.as<Cast>()) {
    return row_uses_only(x->value, a);
  }
  if (const auto* x = e.as<Unary>()) {
    return row_uses_only(x->a, a);
  }
  if (const auto* x = e.as<Call>()) {
    for (const Expr& arg : x->args) {
      if (!row_uses_only(arg, a)) {
        return false;
      }
    }
    return true;
  }
  if (const auto* x = e.as<BufferLoad>()) {
    for (const Expr& i : x->indices) {
      if (!row_uses_only(i, a)) {
        return false;
      }
    }
    return true;
  }
  return false;
}

const Variable* row_index(const std::vector<Expr>& idx) {
  return idx.empty() ? nullptr : idx[0].as<Variable>();
}

bool region_rows_full(const Region& r, int64_t rows) {
  return !r.ranges.empty() && const_value(r.ranges[0].min).value_or(-1) == 0 &&
         const_value(r.ranges[0].extent).value_or(-1) == rows;
}

// Ties the rows of the block through the dataflow (one round; the caller repeats to a fixpoint).
bool tie_round(const Stmt& body, RowAnalysis& a) {
  size_t before = a.tied.size() + a.row_vars.size();
  auto tie2 = [&](const Buffer& x, const Buffer& y) {
    if (a.tied.count(x.get()) || a.tied.count(y.get())) {
      a.tied.insert(x.get()), a.tied.insert(y.get());
    }
  };
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kCopy) {
      const auto* c = static_cast<const Copy*>(n);
      if (on_chip(c->src.buffer) && on_chip(c->dst.buffer)) {
        tie2(c->src.buffer, c->dst.buffer);
      }
    } else if (n->kind == NodeKind::kGemm) {
      const auto* g = static_cast<const Gemm*>(n);
      tie2(g->a.buffer, g->c.buffer);
    } else if (n->kind == NodeKind::kReduce) {
      const auto* r = static_cast<const Reduce*>(n);
      if (r->dim == 1) {
        tie2(r->src.buffer, r->dst.buffer);
      }
    } else if (n->kind == NodeKind::kBufferStore) {
      const auto* s = static_cast<const BufferStore*>(n);
      std::vector<std::pair<const BufferNode*, const Variable*>> rows{
          {s->buffer.get(), row_index(s->indices)}};
      std::vector<Expr> exprs = s->indices;
      exprs.push_back(s->value);
      for (const Expr& e : exprs) {
        for_each_subexpr(e, [&](const Expr& x) {
          if (const auto* l = x.as<BufferLoad>()) {
            rows.push_back({l->buffer.get(), row_index(l->indices)});
          }
          if (x.as<Binary>() && uses_var(x, a.b)) {
            auto af = affine_in(x, a.b);
            if (af && af->coef == a.rows) {
              if (const auto* v = af->rest.as<Variable>()) {
                a.row_vars.insert(v);
              }
            }
          }
        });
      }
      for (auto [buf, v] : rows) {
        if (!v || buf->scope == MemScope::kGlobal) {
          continue;
        }
        if (a.tied.count(buf)) {
          a.row_vars.insert(v);
        } else if (a.row_vars.count(v)) {
          a.tied.insert(buf);
        }
      }
    }
  });
  return a.tied.size() + a.row_vars.size() != before;
}

}  // namespace

RowAnalysis analyse_rows(const KernelLaunch* launch, const Variable* b) {
  RowAnalysis a;
  a.b = b;
  auto fail = [&](std::string why) {
    if (a.why_not.empty()) {
      a.why_not = std::move(why);
    }
  };
  const Stmt& body = launch->body;
  // Seeds: the on-chip side of copies whose tensor region `b` selects.
  post_order_visit(body, [&](const Node* n) {
    if (n->kind != NodeKind::kCopy) {
      return;
    }
    const auto* c = static_cast<const Copy*>(n);
    for (bool src : {true, false}) {
      const Region& g = src ? c->src : c->dst;
      const Region& o = src ? c->dst : c->src;
      if (on_chip(g.buffer)) {
        continue;
      }
      auto ga = strided_axis(g, b);
      if (!ga) {
        continue;
      }
      if (ga->first < 0 || !on_chip(o.buffer) || onchip_axis(g, ga->first) != 0 ||
          (a.rows && a.rows != ga->second)) {
        fail("a tensor region uses it other than as `b * B +: B` on the rows of an on-chip block");
        continue;
      }
      a.rows = ga->second;
      a.tied.insert(o.buffer.get());
    }
  });
  if (!a.rows) {
    fail("no tensor region is selected by it");
    return a;
  }
  // The reuse: a serial loop copying tensor regions that do not depend on `b`.
  post_order_visit(body, [&](const Node* n) {
    if (n->kind != NodeKind::kFor) {
      return;
    }
    const auto* l = static_cast<const For*>(n);
    if (l->for_kind != ForKind::kSerial && l->for_kind != ForKind::kPipelined) {
      return;
    }
    post_order_visit(l->body, [&](const Node* m) {
      if (m->kind != NodeKind::kCopy) {
        return;
      }
      const auto* c = static_cast<const Copy*>(m);
      if (on_chip(c->src.buffer) || strided_axis(c->src, b)) {
        return;
      }
      int64_t bytes = c->src.buffer->dtype.bytes();
      for (const Range& r : c->src.ranges) {
        bytes *= const_value(r.extent).value_or(0);
      }
      a.reused_bytes += bytes;
    });
  });
  if (!a.reused_bytes) {
    fail("no serial loop streams tensor regions that are the same for every value of it");
    return a;
  }
  while (tie_round(body, a)) {
  }
  find_bound_scalars(body, a);
  if (!a.why_not.empty()) {
    return a;
  }
  // Validation: the rows are axis 0 of the tied buffers everywhere, nothing else mixes them.
  post_order_visit(body, [&](const Node* n) {
    auto rows_only = [&](const Region& r) {
      if (a.tied.count(r.buffer.get()) && !region_rows_full(r, a.rows)) {
        fail("a statement covers part of the rows of a block");
      }
    };
    switch (n->kind) {
      case NodeKind::kAllocate: {
        const Buffer& buf = static_cast<const Allocate*>(n)->buffer;
        if (a.tied.count(buf.get()) && const_value(buf->shape[0]).value_or(-1) != a.rows) {
          fail("a block tied to its rows has another row count");
        }
        break;
      }
      case NodeKind::kFor: {
        const auto* l = static_cast<const For*>(n);
        if (a.row_vars.count(l->var.get()) &&
            (l->for_kind != ForKind::kParallel || const_value(l->min).value_or(-1) != 0 ||
             const_value(l->extent).value_or(-1) != a.rows)) {
          fail("a loop over the rows does not cover them all");
        }
        bool grows = uses_var(l->extent, b);
        for (const auto& [v, value] : a.bound_lets) {
          grows = grows || uses_var(l->extent, v);
        }
        if (uses_var(l->min, b) ||
            (grows && l->for_kind != ForKind::kSerial && l->for_kind != ForKind::kPipelined)) {
          fail("a loop's start depends on it");
        } else if (grows) {
          a.growing.push_back(l);
        }
        break;
      }
      case NodeKind::kLetStmt:
        break;  // collected above
      case NodeKind::kIfThenElse:
        if (uses_var(static_cast<const IfThenElse*>(n)->cond, b)) {
          fail("a branch on it");
        }
        break;
      case NodeKind::kCopy: {
        const auto* c = static_cast<const Copy*>(n);
        rows_only(c->src), rows_only(c->dst);
        bool src_rows = a.tied.count(c->src.buffer.get()),
             dst_rows = a.tied.count(c->dst.buffer.get());
        if (src_rows != dst_rows &&
            !(on_chip(c->src.buffer) ? strided_axis(c->dst, b) : strided_axis(c->src, b))) {
          fail("a copy mixes the block's rows with data shared by the rows");
        }
        break;
      }
      case NodeKind::kGemm: {
        const auto* g = static_cast<const Gemm*>(n);
        rows_only(g->a), rows_only(g->c);
        if (a.tied.count(g->a.buffer.get()) && g->transpose_a) {
          fail("a T.gemm contracts the rows");
        }
        if (a.tied.count(g->b.buffer.get())) {
          fail("a T.gemm's B operand holds the rows");
        }
        break;
      }
      case NodeKind::kReduce: {
        const auto* r = static_cast<const Reduce*>(n);
        rows_only(r->src), rows_only(r->dst);
        if (a.tied.count(r->src.buffer.get()) && r->dim != 1) {
          fail("a reduction over the rows");
        }
        break;
      }
      case NodeKind::kFill:
        rows_only(static_cast<const Fill*>(n)->dst);
        break;
      case NodeKind::kBufferStore: {
        const auto* s = static_cast<const BufferStore*>(n);
        bool reads_rows = false;
        std::vector<Expr> exprs = s->indices;
        exprs.push_back(s->value);
        auto check_access = [&](const BufferNode* buf, const std::vector<Expr>& idx) {
          for (size_t d = 0; d < idx.size(); ++d) {
            bool row =
                d == 0 && a.tied.count(buf) && row_index(idx) && a.row_vars.count(row_index(idx));
            for (const Variable* v : a.row_vars) {
              if (!row && buf->scope != MemScope::kGlobal && uses_var(idx[d], v)) {
                fail("a row of the block indexes a buffer shared by the rows");
              }
            }
            if (d == 0 && a.tied.count(buf) && !row) {
              fail("one element of a block's rows is read or written");
            }
          }
        };
        check_access(s->buffer.get(), s->indices);
        for (const Expr& e : exprs) {
          if (!row_uses_only(e, a)) {
            fail("it is used other than as `b * B + i` with `i` a row of the block");
          }
          for_each_subexpr(e, [&](const Expr& x) {
            if (const auto* l = x.as<BufferLoad>()) {
              check_access(l->buffer.get(), l->indices);
              reads_rows = reads_rows || a.tied.count(l->buffer.get());
            }
          });
        }
        if (reads_rows && !a.tied.count(s->buffer.get()) && on_chip(s->buffer)) {
          fail("a buffer shared by the rows is computed from them");
        }
        break;
      }
      default:
        break;
    }
  });
  return a;
}

}  // namespace tltt::passes
