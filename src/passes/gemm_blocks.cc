// B0: recognising the block structure of a plain GEMM kernel (gemm_blocks.h). Copies tie the
// on-chip axes they fill or drain to `var * block` offsets, whole on-chip copies and T.Parallel
// variables tie axes together, and T.gemm relates the M, N and K axes; every use of a block
// variable must be one of the recognised offsets, so rescaling the blocks keeps the meaning.
#include "passes/gemm_blocks.h"

#include <fmt/format.h>

#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes::gemm_blocks {

using namespace ir;

void Structure::reject(std::string why) {
  if (why_not.empty()) {
    why_not = std::move(why);
  }
}

void Structure::tie(const BufferNode* b, size_t d, std::optional<Axis> a) {
  auto& slots = axes[b];
  slots.resize(b->shape.size());
  if (slots[d] && a && !(*slots[d] == *a)) {
    reject(fmt::format("axis {} of '{}' is tied to two different blocks", d, b->name));
  }
  if (a) {
    slots[d] = a;
  }
}

namespace {

// `v * c` or `c * v` with v one of `vars`.
std::optional<Axis> match_axis(const Expr& e, const std::map<const Variable*, int64_t>& vars) {
  const Binary* b = e.as<Binary>();
  if (!b || b->op != BinaryOp::kMul) {
    return std::nullopt;
  }
  const Variable* v = b->a.as<Variable>();
  Expr c = b->b;
  if (!v) {
    v = b->b.as<Variable>();
    c = b->a;
  }
  auto block = const_value(c);
  if (!v || !vars.count(v) || !block) {
    return std::nullopt;
  }
  return Axis{v, *block};
}

bool on_chip(const Buffer& b) { return b->scope != MemScope::kGlobal; }

// An element-wise T.Parallel nest (an epilogue) over whole on-chip buffers: every on-chip access
// is indexed by the nest's variables alone, so each variable runs along one buffer axis.
void analyse_parallel(const For* outer, Structure& s) {
  std::map<const Variable*, int64_t> vars;
  for (const For* f : parallel_nest(outer)) {
    auto mn = const_value(f->min), ext = const_value(f->extent);
    if (!mn || *mn != 0 || !ext) {
      s.reject("a T.Parallel loop with a non-constant range");
      return;
    }
    vars[f->var.get()] = *ext;
  }
  std::map<const Variable*, int64_t> index_uses, all_uses;
  auto access = [&](const Buffer& b, const std::vector<Expr>& indices) {
    if (!on_chip(b) || indices.size() != b->shape.size()) {
      s.reject("a T.Parallel access to a tensor");
      return;
    }
    for (size_t d = 0; d < indices.size(); ++d) {
      if (const_value(indices[d])) {
        continue;  // an axis the block sizes do not change (a vector tile's row)
      }
      const Variable* v = indices[d].as<Variable>();
      auto size = const_value(b->shape[d]);
      if (!v || !vars.count(v) || !size || *size != vars[v]) {
        s.reject("a T.Parallel access that is not indexed by the loop variables");
        return;
      }
      ++index_uses[v];
      auto it = s.parallel.emplace(v, BufferAxis{b.get(), d}).first;
      s.same.push_back({it->second, {b.get(), d}});
    }
  };
  post_order_visit(outer->body, [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      auto* l = static_cast<const BufferLoad*>(n);
      access(l->buffer, l->indices);
    } else if (n->kind == NodeKind::kBufferStore) {
      auto* st = static_cast<const BufferStore*>(n);
      access(st->buffer, st->indices);
    } else if (n->kind == NodeKind::kVariable) {
      ++all_uses[static_cast<const Variable*>(n)];
    } else if (n->kind == NodeKind::kFor &&
               static_cast<const For*>(n)->for_kind != ForKind::kParallel) {
      s.reject("a serial loop inside a T.Parallel nest");
    }
  });
  for (const auto& [v, n] : vars) {
    if (all_uses[v] != index_uses[v]) {
      s.reject(fmt::format("T.Parallel variable '{}' is used other than as an index", v->name));
    }
  }
}

void analyse_copy(const Copy* op, Structure& s) {
  const Region* global = nullptr;
  const Region* local = nullptr;
  if (on_chip(op->src.buffer) && on_chip(op->dst.buffer)) {
    // An on-chip to on-chip copy of whole buffers: both have the same axes.
    if (!region_is_full(op->src) || !region_is_full(op->dst) ||
        op->src.buffer->shape.size() != op->dst.buffer->shape.size()) {
      s.reject("an on-chip copy of a part of a buffer");
      return;
    }
    s.axes[op->src.buffer.get()].resize(op->src.buffer->shape.size());
    s.axes[op->dst.buffer.get()].resize(op->dst.buffer->shape.size());
    for (size_t d = 0; d < op->src.buffer->shape.size(); ++d) {
      s.same.push_back({{op->src.buffer.get(), d}, {op->dst.buffer.get(), d}});
    }
    return;
  }
  global = on_chip(op->src.buffer) ? &op->dst : &op->src;
  local = on_chip(op->src.buffer) ? &op->src : &op->dst;
  if (on_chip(global->buffer) || !region_is_full(*local) ||
      global->ranges.size() != local->buffer->shape.size()) {
    s.reject("a copy that is not a whole on-chip block to or from a tensor block");
    return;
  }
  for (size_t d = 0; d < global->ranges.size(); ++d) {
    auto a = match_axis(global->ranges[d].min, s.extents);
    auto ext = const_value(global->ranges[d].extent);
    if (a && ext && *ext == a->block) {
      ++s.uses[a->var];
      s.tie(local->buffer.get(), d, a);
    } else if (!const_value(global->ranges[d].min)) {
      s.reject(fmt::format("the offset of axis {} of a copy of '{}' is not `variable * block`", d,
                           global->buffer->name));
    }
  }
}

// The statements a plain GEMM kernel consists of; records the structure.
void analyse(const Stmt& body, Structure& s, const For* loop) {
  if (const SeqStmt* q = body.as<SeqStmt>()) {
    for (const Stmt& st : q->stmts) {
      analyse(st, s, loop);
    }
  } else if (const Allocate* a = body.as<Allocate>()) {
    s.axes[a->buffer.get()].resize(a->buffer->shape.size());
    analyse(a->body, s, loop);
  } else if (const For* f = body.as<For>(); f && f->for_kind == ForKind::kParallel && !loop) {
    analyse_parallel(f, s);
  } else if (const For* f = body.as<For>()) {
    auto mn = const_value(f->min), ext = const_value(f->extent);
    if ((f->for_kind != ForKind::kSerial && f->for_kind != ForKind::kPipelined) || !mn ||
        *mn != 0 || !ext || loop) {
      s.reject("a loop other than one serial or pipelined K loop");
      return;
    }
    s.extents[f->var.get()] = *ext;
    analyse(f->body, s, f);
  } else if (const Copy* c = body.as<Copy>()) {
    analyse_copy(c, s);
  } else if (const Gemm* g = body.as<Gemm>()) {
    if (s.gemm) {
      s.reject("more than one T.gemm");
    }
    if (!region_is_full(g->a) || !region_is_full(g->b) || !region_is_full(g->c) || g->clear_accum) {
      s.reject("a T.gemm on parts of buffers or with clear_accum");
    }
    s.gemm = g;
    s.k_loop = loop;
  } else if (const Fill* f = body.as<Fill>()) {
    if (!on_chip(f->dst.buffer) || !region_is_full(f->dst) || loop) {
      s.reject("a fill that is not of a whole on-chip buffer before the K loop");
    }
  } else {
    s.reject("statements other than copies, fills, one T.gemm and its K loop");
  }
}

}  // namespace

Structure analyse_gemm(const KernelLaunch* launch, const PrimFunc& f, const DevicePlan& plan) {
  Structure s;
  for (size_t i = 0; i < launch->vars.size(); ++i) {
    auto e = const_value(launch->extents[i]);
    if (!e) {
      s.reject("a grid extent that is not a constant");
      break;
    }
    s.extents[launch->vars[i].get()] = *e;
  }
  // The loop variables are known before the copies that use them are analysed.
  post_order_visit(launch->body, [&](const Node* n) {
    if (n->kind == NodeKind::kFor) {
      const For* l = static_cast<const For*>(n);
      if (auto e = const_value(l->extent)) {
        s.extents[l->var.get()] = *e;
      }
    }
  });
  for (const Param& p : f.params) {
    const TensorPlan* t = p.is_buffer() ? plan.find_tensor(p.buffer->name) : nullptr;
    if (t && t->layout == TensorLayoutKind::kSharded) {
      s.reject(fmt::format("tensor '{}' is sharded (its shards fix the blocks)", p.buffer->name));
    }
  }
  analyse(launch->body, s, nullptr);
  // Whole on-chip copies give both buffers the same axes (in either direction).
  for (size_t round = 0; round < s.same.size(); ++round) {
    for (const auto& [a, b] : s.same) {
      s.tie(a.buffer, a.axis, s.axes[b.buffer][b.axis]);
      s.tie(b.buffer, b.axis, s.axes[a.buffer][a.axis]);
    }
  }
  // Every use of a block variable must be one of the recognised offsets.
  std::map<const Variable*, int64_t> all_uses;
  post_order_visit(launch->body, [&](const Node* n) {
    if (n->kind == NodeKind::kVariable) {
      ++all_uses[static_cast<const Variable*>(n)];
    }
  });
  if (!s.gemm) {
    s.reject("no T.gemm");
  }
  if (s.why_not.empty()) {
    const Gemm* g = s.gemm;
    auto axis = [&](const Region& r, size_t d) { return s.axes[r.buffer.get()].at(d); };
    auto am = axis(g->a, g->transpose_a ? 1 : 0), ak = axis(g->a, g->transpose_a ? 0 : 1);
    auto bkx = axis(g->b, g->transpose_b ? 1 : 0), bnx = axis(g->b, g->transpose_b ? 0 : 1);
    auto cm = axis(g->c, 0), cn = axis(g->c, 1);
    if (!am || !ak || !bkx || !bnx || !cm || !cn || !(*am == *cm) || !(*bnx == *cn) ||
        !(*ak == *bkx) || !s.k_loop || ak->var != s.k_loop->var.get() || am->var == bnx->var ||
        launch->vars.size() != 2) {
      s.reject("the GEMM's M, N and K axes are not the T.Kernel variables and the K loop");
    } else {
      s.vm = am->var, s.vn = bnx->var, s.vk = ak->var;
      s.bm = am->block, s.bn = bnx->block, s.bk = ak->block;
    }
  }
  for (const auto& [buf, slots] : s.axes) {
    for (const auto& a : slots) {
      if (s.why_not.empty() && a && a->var != s.vm && a->var != s.vn && a->var != s.vk) {
        s.reject(fmt::format("an axis of '{}' is not tied to a GEMM block", buf->name));
      }
    }
  }
  for (const auto& [v, at] : s.parallel) {
    if (!s.axes[at.buffer][at.axis]) {
      s.reject(fmt::format("T.Parallel variable '{}' runs along no block", v->name));
    }
  }
  for (const Variable* v : {s.vm, s.vn, s.vk}) {
    if (v && all_uses[v] != s.uses[v]) {
      s.reject(fmt::format("'{}' is used other than as a block offset", v->name));
    }
  }
  return s;
}

}  // namespace tltt::passes::gemm_blocks
