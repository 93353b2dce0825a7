// A4's analysis (stream_rows_plan.h). Every statement of the block is classified by what it does
// to the row-wide buffers. The effects (reductions along the row and tensor writes) are what a
// chunk loop must perform; each one needs, per chunk, the backward slice of statements that
// define the row-wide values it reads, back to the tensor loads. Consecutive effects share one
// loop unless a statement between them works on whole rows' results or one's result feeds the
// other. A slice statement that ran before its loop in the kernel is recomputed there, which is
// right only if the per-row values it reads have not changed in between: that is checked.
#include "passes/stream_rows_plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/vector_layout.h"

namespace tltt::passes::stream {

using namespace ir;

namespace {

bool intersects(const BufferSet& a, const BufferSet& b) {
  return std::any_of(a.begin(), a.end(), [&](const BufferNode* x) { return b.count(x); });
}

const BufferNode* first_common(const BufferSet& a, const BufferSet& b) {
  for (const BufferNode* x : a) {
    if (b.count(x)) {
      return x;
    }
  }
  return nullptr;
}

// The statements effect `e` needs per chunk, in program order: those that define the row-wide
// values it reads, transitively, back to the tensor loads.
std::optional<std::vector<size_t>> slice(const RowKernel& k, size_t e, const std::string& why,
                                         PassContext& ctx) {
  BufferSet need = k.stmts[e].reads;
  std::vector<size_t> out{e};
  for (size_t s = e; s-- > 0 && !need.empty();) {
    const StmtInfo& t = k.stmts[s];
    if (!intersects(t.writes, need)) {
      continue;
    }
    out.push_back(s);
    for (const BufferNode* w : t.writes) {
      need.erase(w);
    }
    need.insert(t.reads.begin(), t.reads.end());
  }
  if (!need.empty()) {
    ctx.error(k.stmts[e].stmt.loc())
        << why
        << fmt::format(
               "'{}' is read here (or by a statement this one needs) before the kernel writes it",
               (*need.begin())->name);
    return std::nullopt;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// Whether effect `e` with slice `sl` may join group `g`: no statement works on whole rows'
// results between them, neither's result is read per chunk by the other, and they do not
// reduce into one vector.
bool joins(const RowKernel& k, const Group& g, size_t e, const std::vector<size_t>& sl) {
  for (size_t t = g.effects.back() + 1; t < e; ++t) {
    if (k.stmts[t].role == Role::kNarrow) {
      return false;
    }
  }
  for (size_t f : g.effects) {
    if (intersects(k.stmts[f].narrow_writes, k.stmts[e].narrow_writes)) {
      return false;  // two reductions into one vector: the second replaces the first
    }
    for (size_t s : sl) {
      if (intersects(k.stmts[f].narrow_writes, k.stmts[s].narrow_reads)) {
        return false;
      }
    }
  }
  for (size_t s : g.body) {
    if (intersects(k.stmts[e].narrow_writes, k.stmts[s].narrow_reads)) {
      return false;
    }
  }
  return true;
}

// A group's statements run per chunk where its first effect was: each must read the per-row
// values it read where it was, and no effect's partial result.
bool check_group(const RowKernel& k, const Group& g, const std::string& why, PassContext& ctx) {
  size_t first = g.effects.front();
  for (size_t s : g.body) {
    const StmtInfo& si = k.stmts[s];
    for (size_t f : g.effects) {
      const BufferNode* v = first_common(k.stmts[f].narrow_writes, si.narrow_reads);
      if (f != s && v) {
        ctx.error(si.stmt.loc()).note(k.stmts[f].stmt.loc(), "the reduction is here")
            << why
            << fmt::format(
                   "'{}' is reduced chunk by chunk in the pass over the row that also "
                   "runs this statement, which reads it",
                   v->name);
        return false;
      }
    }
    for (size_t t = s + 1; t < first; ++t) {
      const StmtInfo& ti = k.stmts[t];
      if (ti.role != Role::kNarrow && ti.role != Role::kReduce) {
        continue;
      }
      if (const BufferNode* v = first_common(ti.narrow_writes, si.narrow_reads)) {
        ctx.error(si.stmt.loc())
                .note(ti.stmt.loc(), fmt::format("'{}' changes here", v->name))
                .note(k.stmts[first].stmt.loc(), "where the statement is recomputed")
            << why
            << fmt::format(
                   "the chunks of the row are recomputed from the tensors for every "
                   "pass over the row, but this statement reads '{}', which changes "
                   "before its recomputation",
                   v->name);
        return false;
      }
    }
  }
  return true;
}

}  // namespace

std::vector<Stmt> flatten(const Stmt& s) {
  if (const SeqStmt* q = s.as<SeqStmt>()) {
    return q->stmts;
  }
  return {s};
}

std::optional<RowKernel> find_row_kernel(const std::vector<Buffer>& allocs, const Stmt& body) {
  RowKernel k;
  auto row_like = [](const Buffer& b) { return b.rank() == 2 && vector_kind(b) != "col"; };
  for (const Buffer& b : allocs) {
    if (row_like(b)) {
      k.width = std::max(k.width, as_const_int(b->shape[1]).value_or(0));
    }
  }
  if (k.width <= kTile) {
    return std::nullopt;
  }
  for (const Buffer& b : allocs) {
    if (row_like(b) && as_const_int(b->shape[1]) == k.width) {
      k.wide.insert(b.get());
    }
  }
  // A kernel with a T.gemm or a sequential loop organises its own blocks (GEMMs, attention,
  // online softmax): F's L1 check, with its block-size fix-it, is the right answer for it.
  bool along_row = false, own_blocks = false;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kReduce) {
      const Reduce* r = static_cast<const Reduce*>(n);
      along_row |= k.wide.count(r->src.buffer.get()) && r->dim == 1;
    } else if (n->kind == NodeKind::kGemm) {
      own_blocks = true;
    } else if (n->kind == NodeKind::kFor) {
      own_blocks |= static_cast<const For*>(n)->for_kind != ForKind::kParallel;
    }
  });
  if (!along_row || own_blocks) {
    return std::nullopt;
  }
  // Which wide buffers get a second CB (for the L1 estimate): C1 gives a loaded block that
  // compute updates a twin, and a block compute reads that a copy writes out an output CB; B3
  // reduces |x| or -x (abs and min reductions) through a temporary block.
  BufferSet loaded, computed, stored, compute_read;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kCopy) {
      const Copy* c = static_cast<const Copy*>(n);
      bool load = c->src.buffer->scope == MemScope::kGlobal;
      bool store = c->dst.buffer->scope == MemScope::kGlobal;
      (load ? loaded : computed).insert(c->dst.buffer.get());
      (store ? stored : compute_read).insert(c->src.buffer.get());
    } else if (n->kind == NodeKind::kBufferStore) {
      computed.insert(static_cast<const BufferStore*>(n)->buffer.get());
    } else if (n->kind == NodeKind::kFill) {
      computed.insert(static_cast<const Fill*>(n)->dst.buffer.get());
    } else if (n->kind == NodeKind::kBufferLoad) {
      compute_read.insert(static_cast<const BufferLoad*>(n)->buffer.get());
    } else if (n->kind == NodeKind::kReduce) {
      const Reduce* r = static_cast<const Reduce*>(n);
      compute_read.insert(r->src.buffer.get());
      if (r->reduce_kind == ReduceKind::kAbsSum || r->reduce_kind == ReduceKind::kAbsMax ||
          r->reduce_kind == ReduceKind::kMin) {
        k.temp.insert(r->src.buffer.get());
      }
    }
  });
  for (const BufferNode* b : k.wide) {
    if (loaded.count(b) && computed.count(b)) {
      k.twinned.insert(b);
    }
    if (stored.count(b) && compute_read.count(b)) {
      k.out_cb.insert(b);
    }
  }
  for (const Stmt& s : flatten(body)) {
    k.stmts.push_back({s});
  }
  return k;
}

bool plan_groups(RowKernel& k, const std::string& why, PassContext& ctx) {
  if (!classify(k, why, ctx)) {
    return false;
  }
  for (size_t e = 0; e < k.stmts.size(); ++e) {
    if (!k.stmts[e].effect()) {
      continue;
    }
    auto sl = slice(k, e, why, ctx);
    if (!sl) {
      return false;
    }
    if (!k.groups.empty() && joins(k, k.groups.back(), e, *sl)) {
      Group& g = k.groups.back();
      g.effects.push_back(e);
      std::vector<size_t> merged;
      std::set_union(g.body.begin(), g.body.end(), sl->begin(), sl->end(),
                     std::back_inserter(merged));
      g.body = merged;
    } else {
      k.groups.push_back({{e}, *sl});
    }
  }
  for (const Group& g : k.groups) {
    if (!check_group(k, g, why, ctx)) {
      return false;
    }
  }
  return true;
}

// "T.reduce_sum into 'scale'; reads 'X', recomputes 'x'" for the remark of pass `gi`: the
// recomputed buffers are those an earlier pass computed too (other than by loading them); the
// chunks of a held buffer an earlier pass loaded, and of a `whole` one, come from L1.
std::string describe_pass(const RowKernel& k, size_t gi, const std::set<std::string>& held,
                          const std::set<std::string>& whole) {
  const Group& g = k.groups[gi];
  std::set<size_t> earlier;
  for (size_t p = 0; p < gi; ++p) {
    earlier.insert(k.groups[p].body.begin(), k.groups[p].body.end());
  }
  auto list = [](const std::set<std::string>& names) {
    std::string out;
    for (const std::string& n : names) {
      out += fmt::format("{}'{}'", out.empty() ? "" : ", ", n);
    }
    return out;
  };
  std::string effects;
  for (size_t e : g.effects) {
    const Stmt& s = k.stmts[e].stmt;
    std::string what;
    if (const Reduce* r = s.as<Reduce>()) {
      what = fmt::format("T.reduce_{} into '{}'", reduce_kind_name(r->reduce_kind),
                         r->dst.buffer->name);
    } else {
      std::set<std::string> out;
      post_order_visit(s, [&](const Node* n) {
        if (n->kind == NodeKind::kCopy) {
          out.insert(static_cast<const Copy*>(n)->dst.buffer->name);
        } else if (n->kind == NodeKind::kBufferStore) {
          const Buffer& b = static_cast<const BufferStore*>(n)->buffer;
          if (b->scope == MemScope::kGlobal) {
            out.insert(b->name);
          }
        }
      });
      what = "writes " + list(out);
    }
    effects += (effects.empty() ? "" : ", ") + what;
  }
  std::set<std::string> tensors, again, kept;
  for (size_t s : g.body) {
    const Stmt& st = k.stmts[s].stmt;
    if (const Copy* c = st.as<Copy>(); c && c->src.buffer->scope == MemScope::kGlobal) {
      const std::string& d = c->dst.buffer->name;
      (whole.count(d) || (held.count(d) && earlier.count(s)) ? kept : tensors)
          .insert(c->src.buffer->name);
    }
    if (earlier.count(s) &&
        !(st.as<Copy>() && st.as<Copy>()->src.buffer->scope == MemScope::kGlobal)) {
      for (const BufferNode* w : k.stmts[s].writes) {
        again.insert(w->name);
      }
    }
  }
  return fmt::format("{}; reads {}{}{}", effects, tensors.empty() ? "no tensor" : list(tensors),
                     kept.empty() ? "" : ", copies the chunks of " + list(kept) + " from L1",
                     again.empty() ? "" : ", recomputes " + list(again));
}

BufferSet unread_writes(const RowKernel& k, const Group& g, size_t p) {
  const StmtInfo& si = k.stmts[g.body[p]];
  BufferSet out;
  if (!si.col) {
    return out;
  }
  // Stores of the nest that a later store of the nest reads are needed too.
  std::vector<Stmt> nest = flatten(parallel_nest(si.stmt.as<For>()).back()->body);
  auto read_after = [&](const BufferNode* w) {
    bool stored = false, read = false;
    for (const Stmt& st : nest) {
      if (stored) {
        post_order_visit(st, [&](const Node* n) {
          read |= n->kind == NodeKind::kBufferLoad &&
                  static_cast<const BufferLoad*>(n)->buffer.get() == w;
        });
      }
      const BufferStore* bs = st.as<BufferStore>();
      stored |= bs && bs->buffer.get() == w;
    }
    return read;
  };
  for (const BufferNode* w : si.writes) {
    bool read = read_after(w);
    for (size_t q = p + 1; q < g.body.size(); ++q) {
      read |= k.stmts[g.body[q]].reads.count(w) != 0;
    }
    if (!read) {
      out.insert(w);
    }
  }
  return out;
}

}  // namespace tltt::passes::stream
