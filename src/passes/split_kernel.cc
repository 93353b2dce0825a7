// D1: one function becomes <f>_reader, <f>_compute and <f>_writer by dataflow: tensor reads
// go to the reader, tensor writes to the writer, tile compute to compute. Each keeps the loops,
// lets and allocations that enclose its statements (a let or allocation only when used).
#include "passes/split_kernel.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>

#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/held_rows_writer.h"
#include "passes/pass_util.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The kernel a declared op belongs to (tt_ops.def; C3's pops and waits go with compute). The
// chunk copies of a held row block C4a gave to the writer, and its pop, go to the writer.
std::string role_of_call(const Call* c) {
  if ((is_tt_op(c, TtOp::kReadLocalTiles) && held_on_writer(tt::ReadLocalTiles::src(c))) ||
      (is_tt_op(c, TtOp::kCbPopFront) && held_on_writer(tt::CbPopFront::cb(c)))) {
    return to_string(KernelRole::kWriter);
  }
  if (std::optional<TtOp> op = tt_op_of(c)) {
    return tt_role_name(tt_op_info(*op).role);
  }
  return "";
}

bool uses(const Stmt& s, const void* node) {
  bool found = false;
  post_order_visit(s, [&](const Node* n) { found |= n == node; });
  if (!found) {
    class BufferUse : public Visitor {
     public:
      using Visitor::visit;
      const void* target;
      bool found = false;
      void visit_buffer(const Buffer& b) override { found |= b.get() == target; }
    } v;
    v.target = node;
    v.visit(s);
    found = v.found;
  }
  return found;
}

Stmt filter(const Stmt& s, const std::string& role) {
  if (const SeqStmt* op = s.as<SeqStmt>()) {
    std::vector<Stmt> kept;
    for (const Stmt& c : op->stmts) {
      if (Stmt f = filter(c, role); f.defined()) {
        kept.push_back(f);
      }
    }
    return kept.empty() ? Stmt() : SeqStmt::make(kept, op->loc);
  }
  if (const For* op = s.as<For>()) {
    Stmt body = filter(op->body, role);
    if (!body.defined()) {
      return {};
    }
    return For::make(op->var, op->min, op->extent, op->for_kind, body, op->num_stages, op->attrs,
                     op->loc);
  }
  if (const LetStmt* op = s.as<LetStmt>()) {
    Stmt body = filter(op->body, role);
    // The reader keeps the elements of tensors it reads as scalars even when only compute uses
    // them: it reads them for compute (D3's index mailbox, passes/index_mailbox.h).
    bool element = false;
    post_order_visit(Evaluate::make(op->value, op->loc), [&](const Node* n) {
      element |= n->kind == NodeKind::kBufferLoad &&
                 static_cast<const BufferLoad*>(n)->buffer->scope == MemScope::kGlobal;
    });
    if (element && role == "reader") {
      return LetStmt::make(op->var, op->value, body.defined() ? body : SeqStmt::make({}, op->loc),
                           op->loc);
    }
    if (!body.defined()) {
      return {};
    }
    return uses(body, op->var.get()) ? LetStmt::make(op->var, op->value, body, op->loc) : body;
  }
  if (const IfThenElse* op = s.as<IfThenElse>()) {
    Stmt t = filter(op->then_case, role);
    Stmt e = op->else_case.defined() ? filter(op->else_case, role) : Stmt();
    if (!t.defined() && !e.defined()) {
      return {};
    }
    return IfThenElse::make(op->cond, t.defined() ? t : SeqStmt::make({}, op->loc), e, op->loc);
  }
  if (const Allocate* op = s.as<Allocate>()) {
    Stmt body = filter(op->body, role);
    if (!body.defined()) {
      return {};
    }
    return uses(body, op->buffer.get()) ? Allocate::make(op->buffer, body, op->loc) : body;
  }
  if (const Call* c = as_call_stmt(s)) {
    std::string r = role_of_call(c);
    TILE_ASSERT(!r.empty()) << "D1 found an unclassified call " << c->name;
    return r == role ? s : Stmt();
  }
  TILE_ASSERT(false) << "D1 found an unexpected " << node_kind_name(s->kind) << " statement";
  return {};
}

// One line per kernel: which operations it received (and which tensors it moves).
void remark_kernel(PassContext& ctx, const PrimFunc& g, const std::string& role) {
  std::map<std::string, int> ops;
  std::set<std::string> tensors;
  post_order_visit(g.body, [&](const Node* n) {
    const Call* c = n->kind == NodeKind::kEvaluate
                        ? static_cast<const Evaluate*>(n)->value.as<Call>()
                        : nullptr;
    if (!c) {
      return;
    }
    ++ops[c->name];
    if (const Region* r = is_tt_op(c, TtOp::kReadTiles)    ? tt::ReadTiles::src(c)
                          : is_tt_op(c, TtOp::kReadIm2col) ? tt::ReadIm2col::src(c)
                          : is_tt_op(c, TtOp::kGatherRows) ? tt::GatherRows::src(c)
                          : is_tt_op(c, TtOp::kWriteTiles) ? tt::WriteTiles::dst(c)
                                                           : nullptr) {
      tensors.insert("'" + r->buffer->name + "'");
    }
  });
  std::string list;
  for (const auto& [name, count] : ops) {
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", count, name);
  }
  ctx.remark(g.loc, "kernel") << fmt::format(
      "{} gets the {} operations: {}{}", g.name, role, list.empty() ? "none" : list,
      tensors.empty()
          ? ""
          : fmt::format(" (tensor{} {})", tensors.size() > 1 ? "s" : "", fmt::join(tensors, ", ")));
}

}  // namespace

Module split_kernel(const Module& m, PassContext& ctx) {
  Module out;
  out.attrs = m.attrs;
  out.plan = m.plan;
  for (const PrimFunc& f : m.functions) {
    if (!kernel_role(m, f).empty()) {
      out.functions.push_back(f);
      continue;
    }
    for (KernelRole kind : {KernelRole::kReader, KernelRole::kCompute, KernelRole::kWriter}) {
      std::string role = to_string(kind);
      PrimFunc g = f;
      g.name = f.name + "_" + role;
      Stmt body = filter(f.body, role);
      if (kind == KernelRole::kWriter && !body.defined()) {
        ctx.error(f.loc) << "kernel " << f.name
                         << " writes no tensor: nothing would leave the device (copy a result "
                            "to an output tensor with T.copy)";
      }
      g.body = body.defined() ? body : SeqStmt::make({}, f.loc);
      remark_kernel(ctx, g, role);
      out.plan.kernels.push_back({kind, g.name, {}, {}});
      out.functions.push_back(g);
    }
  }
  return out;
}

}  // namespace tltt::passes
