// A4's statement classification (stream_rows_plan.h): what each statement of a row kernel's
// block reads and writes of the row-wide buffers, and whether chunks of the row can reproduce it.
#include <fmt/format.h>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/stream_rows_plan.h"

namespace tltt::passes::stream {

using namespace ir;

namespace {

// Every buffer a statement references.
struct Refs : Visitor {
  using Visitor::visit;
  std::vector<Buffer> bufs;
  void visit_buffer(const Buffer& b) override { bufs.push_back(b); }
};

class Classifier {
 public:
  Classifier(RowKernel& k, const std::string& why, PassContext& ctx)
      : k_(k), why_(why), ctx_(ctx) {}
  bool ok = true;

  void classify(StmtInfo& info) {
    const Stmt& s = info.stmt;
    Refs refs;
    refs.visit(s);
    const BufferNode* touched = nullptr;
    for (const Buffer& b : refs.bufs) {
      if (wide(b)) {
        touched = b.get();
      }
    }
    if (!touched) {
      narrow(info, refs.bufs);
    } else if (const Copy* c = s.as<Copy>()) {
      copy(c, info);
    } else if (const Fill* f = s.as<Fill>(); f && region_is_full(f->dst)) {
      info.role = Role::kWide;
      info.writes.insert(f->dst.buffer.get());
    } else if (const Reduce* r = s.as<Reduce>()) {
      reduce(r, info);
    } else if (const For* l = s.as<For>(); l && l->for_kind == ForKind::kParallel) {
      nest(l, info);
    } else {
      fail(s.loc(), fmt::format("a {} statement uses the row-wide buffer '{}' (chunks of the row "
                                "take whole-buffer copies and fills, T.Parallel nests and "
                                "reductions along the row)",
                                node_kind_name(s->kind), touched->name));
    }
  }

 private:
  RowKernel& k_;
  const std::string& why_;
  PassContext& ctx_;

  bool wide(const Buffer& b) const { return k_.wide.count(b.get()) != 0; }
  void fail(const Location& at, const std::string& what) {
    if (ok) {
      ctx_.error(at) << why_ << what;
    }
    ok = false;
  }

  // Reads are every on-chip buffer it mentions (a safe over-approximation); writes are exact.
  static void narrow(StmtInfo& info, const std::vector<Buffer>& bufs) {
    for (const Buffer& b : bufs) {
      if (b->scope != MemScope::kGlobal) {
        info.narrow_reads.insert(b.get());
      }
    }
    post_order_visit(info.stmt, [&](const Node* n) {
      const Buffer* w = nullptr;
      switch (n->kind) {
        case NodeKind::kBufferStore:
          w = &static_cast<const BufferStore*>(n)->buffer;
          break;
        case NodeKind::kCopy:
          w = &static_cast<const Copy*>(n)->dst.buffer;
          break;
        case NodeKind::kFill:
          w = &static_cast<const Fill*>(n)->dst.buffer;
          break;
        case NodeKind::kReduce:
          w = &static_cast<const Reduce*>(n)->dst.buffer;
          break;
        case NodeKind::kGemm:
          w = &static_cast<const Gemm*>(n)->c.buffer;
          break;
        case NodeKind::kAtomicAdd:
          w = &static_cast<const AtomicAdd*>(n)->dst.buffer;
          break;
        default:
          break;
      }
      if (w && (*w)->scope != MemScope::kGlobal) {
        info.narrow_writes.insert(w->get());
      }
    });
  }

  // A tensor region whose last axis spans the row's columns.
  bool row_region(const Region& r) const {
    return !r.ranges.empty() && const_value(r.ranges.back().extent) == k_.width;
  }

  void copy(const Copy* c, StmtInfo& info) {
    const Buffer &src = c->src.buffer, &dst = c->dst.buffer;
    bool src_global = src->scope == MemScope::kGlobal, dst_global = dst->scope == MemScope::kGlobal;
    if (wide(dst) && src_global && region_is_full(c->dst) && row_region(c->src)) {
      info.role = Role::kWide;
      info.writes.insert(dst.get());
    } else if (wide(src) && dst_global && region_is_full(c->src) && row_region(c->dst)) {
      info.role = Role::kStore;
      info.reads.insert(src.get());
    } else if (wide(src) && wide(dst) && region_is_full(c->src) && region_is_full(c->dst)) {
      info.role = Role::kWide;
      info.reads.insert(src.get());
      info.writes.insert(dst.get());
    } else {
      fail(c->loc, fmt::format("this copy from '{}' to '{}' moves part of a row or mixes a "
                               "row-wide buffer with one that is not (chunks copy whole rows)",
                               src->name, dst->name));
    }
  }

  void reduce(const Reduce* r, StmtInfo& info) {
    const Buffer& src = r->src.buffer;
    if (!wide(src) || !region_is_full(r->src) || r->dim + 1 != static_cast<int64_t>(src.rank()) ||
        wide(r->dst.buffer)) {
      fail(r->loc,
           fmt::format("T.reduce_{} of '{}' along dim {} into '{}' (chunks reduce a "
                       "whole row-wide buffer along the row into a per-row vector)",
                       reduce_kind_name(r->reduce_kind), src->name, r->dim, r->dst.buffer->name));
      return;
    }
    info.role = Role::kReduce;
    info.reads.insert(src.get());
    info.narrow_writes.insert(r->dst.buffer.get());
    if (!r->clear) {
      info.narrow_reads.insert(r->dst.buffer.get());
    }
  }

  // `for i, j in T.Parallel(rows, width)` of element stores; row-wide buffers are indexed by
  // `[.., j]`, tensors may use j anywhere (the chunk's column is then chunk * C + j).
  void nest(const For* outer, StmtInfo& info) {
    std::vector<const For*> loops = parallel_nest(outer);
    if (loops.size() != 2 || const_value(loops[1]->extent) != k_.width) {
      fail(outer->loc, fmt::format("a T.Parallel nest over a row-wide buffer must be two loops, "
                                   "the rows and then the row's {} columns",
                                   k_.width));
      return;
    }
    const Variable* j = loops[1]->var.get();
    info.col = j;
    BufferSet written;
    bool tensor_store = false;
    auto access = [&](const Buffer& b, const std::vector<Expr>& idx, const Location& at) {
      bool ok_idx = true;
      for (size_t d = 0; d < idx.size(); ++d) {
        bool last = d + 1 == idx.size();
        if (wide(b) && last) {
          ok_idx &= idx[d].get() == j;
        } else if (b->scope != MemScope::kGlobal || wide(b)) {
          ok_idx &= !uses_var(idx[d], j);
        }
      }
      if (!ok_idx) {
        fail(at, fmt::format("'{}' is indexed other than by the row's column in its last axis "
                             "(chunks need element-wise access along the row)",
                             b->name));
      }
    };
    for (const Stmt& st : flatten(loops[1]->body)) {
      if (!st.as<BufferStore>()) {
        fail(st.loc(),
             "a T.Parallel nest over the row holds a statement other than element "
             "stores");
        return;
      }
      post_order_visit(st, [&](const Node* n) {
        if (n->kind == NodeKind::kBufferLoad) {
          const BufferLoad* l = static_cast<const BufferLoad*>(n);
          access(l->buffer, l->indices, l->loc);
          if (wide(l->buffer) && !written.count(l->buffer.get())) {
            info.reads.insert(l->buffer.get());
          } else if (!wide(l->buffer) && l->buffer->scope != MemScope::kGlobal) {
            info.narrow_reads.insert(l->buffer.get());
          }
        } else if (n->kind == NodeKind::kBufferStore) {
          const BufferStore* s = static_cast<const BufferStore*>(n);
          access(s->buffer, s->indices, s->loc);
          if (wide(s->buffer)) {
            info.writes.insert(s->buffer.get());
            written.insert(s->buffer.get());
          } else if (s->buffer->scope == MemScope::kGlobal) {
            tensor_store = true;
          } else {
            fail(s->loc, fmt::format("'{}', which does not hold a whole row, is stored inside a "
                                     "T.Parallel nest over the row",
                                     s->buffer->name));
          }
        }
      });
    }
    info.role = tensor_store ? Role::kStore : Role::kWide;
  }
};

}  // namespace

bool classify(RowKernel& k, const std::string& why, PassContext& ctx) {
  Classifier c(k, why, ctx);
  for (StmtInfo& info : k.stmts) {
    c.classify(info);
  }
  return c.ok;
}

}  // namespace tltt::passes::stream
