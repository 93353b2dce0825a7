// D5: recognising a GEMM group in the compute kernel: the K loop (or single step) with its
// matmul, the transposition of A and a prologue before it, and the copy of the accumulator.
#include "ir/visitor.h"
#include "passes/dst/lower.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes::dst {

using namespace ir;

// Whether `body` runs compute ops besides a matmul step (matmul, transpose of its A).
bool Lower::runs_other_compute(const Stmt& body) {
  bool other = false;
  post_order_visit(body, [&](const Node* n) {
    const Call* c = n->kind == NodeKind::kEvaluate
                        ? static_cast<const Evaluate*>(n)->value.as<Call>()
                        : nullptr;
    other |= is_compute_op(c) && !is_tt_op(c, TtOp::kMatmul) && !is_tt_op(c, TtOp::kTransposeTiles);
  });
  return other;
}

// From body[at]: matmul_init*, [tt.transpose_tiles(x, a), pops,] tt.matmul(a, ...); returns
// the matmul's index.
std::optional<size_t> Lower::match_step(const std::vector<Stmt>& body, size_t at, GemmGroup& g) {
  for (; at < body.size() && tt_op_of_stmt(body[at]) == TtOp::kMatmulInit; ++at) {
    g.step_inits.push_back(body[at]);
  }
  if (at < body.size() && tt_op_of_stmt(body[at]) == TtOp::kTransposeTiles) {
    g.transpose = as_call_stmt(body[at++]);
    for (; at < body.size() && tt_op_of_stmt(body[at]) == TtOp::kCbPopFront; ++at) {
      g.step_pops.push_back(body[at]);
    }
    // In a kernel with several kinds of compute op, D4's matmul init follows the pops.
    for (; at < body.size() && tt_op_of_stmt(body[at]) == TtOp::kMatmulInit; ++at) {
      g.step_inits.push_back(body[at]);
    }
  }
  if (at >= body.size() || tt_op_of_stmt(body[at]) != TtOp::kMatmul) {
    return std::nullopt;
  }
  g.mm = as_call_stmt(body[at]);
  if (g.transpose && !tt::TransposeTiles::dst(g.transpose).same_as(tt::Matmul::a(g.mm))) {
    return std::nullopt;
  }
  return at;
}

std::optional<GemmGroup> Lower::match_gemm(const std::vector<Stmt>& stmts, size_t i) {
  GemmGroup g;
  size_t last = i;
  if (const For* f = stmts[i].as<For>()) {
    const SeqStmt* seq_body = f->body.as<SeqStmt>();
    std::vector<Stmt> body = seq_body ? seq_body->stmts : std::vector<Stmt>{f->body};
    // Element-wise steps may prepare the operands before the matmul step (a prologue).
    std::optional<size_t> at;
    size_t start = 0;
    for (; start < body.size() && !(at = match_step(body, start, g)); ++start) {
      // A prologue statement is a compute call, or holds no compute (pops, C4's drop of a
      // value carried out of the loop).
      const Call* c = as_call_stmt(body[start]);
      bool compute = false;
      post_order_visit(body[start], [&](const Node* n) {
        compute |= n->kind == NodeKind::kEvaluate &&
                   is_compute_op(static_cast<const Evaluate*>(n)->value.as<Call>());
      });
      if ((!c && compute) || is_tt_op(c, TtOp::kMatmul)) {
        return std::nullopt;
      }
      g = GemmGroup();
    }
    if (!at) {
      return std::nullopt;
    }
    g.prologue.assign(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(start));
    for (size_t k = *at + 1; k < body.size(); ++k) {
      if (tt_op_of_stmt(body[k]) != TtOp::kCbPopFront) {
        return std::nullopt;
      }
      g.step_pops.push_back(body[k]);
    }
    g.k_loop = f;
  } else if (auto at = match_step(stmts, i, g); at && (g.step_inits.empty() || g.transpose)) {
    // A matmul init before a single step stays where it is (only one after the transposition
    // of A belongs to the step).
    last = *at;
  } else {
    return std::nullopt;
  }
  Buffer acc = tt::Matmul::c(g.mm);
  for (const Stmt& s : g.prologue) {
    bool uses_acc = false;
    post_order_visit(s, [&](const Node* n) {
      uses_acc |= n->kind == NodeKind::kRegionRef &&
                  static_cast<const RegionRef*>(n)->region.buffer.same_as(acc);
    });
    if (uses_acc) {
      return std::nullopt;
    }
  }
  g.end_index = last;
  for (size_t j = last + 1; j < stmts.size(); ++j) {
    const Call* c = as_call_stmt(stmts[j]);
    if (is_tt_op(c, TtOp::kCopyTiles) && tt::CopyTiles::src(c).same_as(acc)) {
      g.copy = c;
      g.end_index = j;
      return g;
    }
    if (is_tt_op(c, TtOp::kCbPopFront) && !ref_buffer(c->args[0]).same_as(acc)) {
      g.between.push_back(stmts[j]);
      g.end_index = j;
      continue;
    }
    break;
  }
  // Other compute ops read the accumulator from its CB: the group packs it there.
  g.between.clear();
  g.end_index = last;
  if (cb_resident.count(acc.get())) {
    return g;
  }
  return std::nullopt;
}

}  // namespace tltt::passes::dst
