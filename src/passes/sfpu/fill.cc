// B3: T.fill of a whole on-chip block becomes a tile fill; a fill that starts a gemm's
// accumulation is left for C2 to absorb into the gemm (init_value).
#include <fmt/format.h>

#include "ir/printer.h"
#include "passes/sfpu/lowerer.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes::sfpu {

using namespace ir;

Stmt Lowerer::visit(const SeqStmt* op) {
  for (size_t i = 0; i + 1 < op->stmts.size(); ++i) {
    const Fill* f = op->stmts[i].as<Fill>();
    auto v = f ? const_float(f->value) : std::nullopt;
    if (f && accumulators.count(f->dst.buffer.get()) && v &&
        starts_accumulation(op->stmts[i + 1], f->dst.buffer)) {
      absorbed_.insert(f);
    }
  }
  return Mutator::visit(op);
}

Stmt Lowerer::visit(const Fill* op) {
  const Buffer& b = op->dst.buffer;
  if (absorbed_.count(op) || !on_chip(b)) {
    return op;  // C2: absorbed by the gemm after it; fills of tensors are rejected there
  }
  auto v = const_float(op->value);
  if (!region_is_full(op->dst) || !tile_shaped(b) || !v) {
    ctx->error(op->loc) << fmt::format(
        "T.fill of '{}' with '{}': fills of on-chip buffers need the whole block and a constant "
        "value",
        b->name, print(op->value));
    return op;
  }
  ++lowered;
  return tt_call_stmt(TtOp::kSfpu,
                      {buffer_ref(b, op->loc), FloatImm::make(*v, DataType::float32(), op->loc)},
                      {}, op->loc);
}

// Whether `next`, right after T.fill(c, v), is a gemm into c or a (K) loop whose body touches
// c only in one gemm at its top level: that gemm then starts from v (C2: no accumulation on
// the first step, `init_value` v) and the fill needs no code of its own.
bool Lowerer::starts_accumulation(const Stmt& next, const Buffer& c) {
  if (const Gemm* g = next.as<Gemm>()) {
    return g->c.buffer.same_as(c);
  }
  const For* loop = next.as<For>();
  if (!loop || loop->for_kind == ForKind::kPersistent || loop->for_kind == ForKind::kParallel) {
    return false;
  }
  std::vector<Stmt> body = {loop->body};
  if (const SeqStmt* seq = loop->body.as<SeqStmt>()) {
    body = seq->stmts;
  }
  int gemms = 0, others = 0;
  for (const Stmt& s : body) {
    const Gemm* g = s.as<Gemm>();
    if (g && g->c.buffer.same_as(c)) {
      ++gemms;
    } else if (touches(s, c)) {
      ++others;
    }
  }
  return gemms == 1 && others == 0;
}

bool Lowerer::touches(const Stmt& s, const Buffer& b) { return mentioned(s).count(b.get()); }

}  // namespace tltt::passes::sfpu
