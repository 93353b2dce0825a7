// B0d: an online softmax's key loop widened. Flash attention written with the GPU's key blocks
// (64 keys) does, per key block, the row work of the online softmax (the running maximum, the
// rescale factors, the row sums, the rescale of the output accumulator: DST round trips through
// CBs whose cost does not depend on the keys) once per 64 keys. Running G key blocks per
// iteration does it once per G * 64 keys, with the same GEMM tiles. The loop's body must be an
// online-softmax step (widen_key_steps_check.cc), which makes the widening exact in real
// arithmetic; G must divide every trip count (so no key is added) and the wider buffers must fit
// L1 beside the rest, as C1 double-buffers them.
#include "passes/widen_key_steps.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/block_groups.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Widener : public Mutator {
 public:
  using Mutator::visit;
  const KeyStepAnalysis* a = nullptr;
  int64_t group = 1;
  std::map<const BufferNode*, Buffer> grown;

  Buffer mutate_buffer(const Buffer& b) override {
    auto t = a->tied.find(b.get());
    if (t == a->tied.end()) {
      return b;
    }
    auto it = grown.find(b.get());
    if (it != grown.end()) {
      return it->second;
    }
    std::vector<Expr> shape = b->shape;
    shape[t->second] = cint(a->width * group, b->loc);
    return grown[b.get()] = Buffer::make(b->name, b->dtype, shape, b->scope, b->attrs, b->loc);
  }
  Region mutate_region(const Region& r) override {
    Region out = Mutator::mutate_region(r);
    auto t = a->tied.find(r.buffer.get());
    if (t != a->tied.end()) {
      out.ranges[t->second].extent = cint(a->width * group, r.loc);
    } else if (r.buffer->scope == MemScope::kGlobal) {
      for (size_t d = 0; d < r.ranges.size(); ++d) {
        if (uses_var(r.ranges[d].min, a->kb)) {
          out.ranges[d].extent = cint(a->width * group, r.loc);
        }
      }
    }
    return out;
  }
  Stmt visit(const For* op) override {
    if (op == a->loop) {
      Expr extent = simplify(floordiv(op->extent, cint(group, op->loc)));
      return For::make(op->var, op->min, extent, op->for_kind, mutate(op->body), op->num_stages,
                       op->attrs, op->loc);
    }
    if (a->col_vars.count(op->var.get())) {
      return For::make(op->var, op->min, cint(a->width * group, op->loc), op->for_kind,
                       mutate(op->body), op->num_stages, op->attrs, op->loc);
    }
    return Mutator::visit(op);
  }
  // Key j of new step kb is key (kb * G) * B + j: the old expression `kb * B + j` with kb scaled.
  Expr visit(const Variable* op) override {
    return op == a->kb ? mul(Expr(op), cint(group, op->loc)) : Expr(op);
  }
};

// The trip count of `l` for every point of the launch's grid (lets of the launch inlined), or
// nullopt when one is not a constant.
std::optional<std::vector<int64_t>> trip_counts(const KernelLaunch* launch, const For* l) {
  VarMap lets;
  post_order_visit(launch->body, [&](const Node* n) {
    if (n->kind == NodeKind::kLetStmt) {
      const auto* s = static_cast<const LetStmt*>(n);
      lets[s->var.get()] = s->value;
    }
  });
  Expr count = l->extent;
  for (int i = 0; i < 4; ++i) {
    count = substitute(count, lets);
  }
  std::vector<int64_t> extents;
  int64_t points = 1;
  for (const Expr& e : launch->extents) {
    extents.push_back(const_value(e).value_or(0));
    points *= extents.back();
    if (extents.back() <= 0 || points > (1 << 16)) {
      return std::nullopt;
    }
  }
  std::vector<int64_t> trips;
  for (int64_t p = 0; p < points; ++p) {
    VarMap at;
    for (size_t d = 0, rest = p; d < extents.size(); rest /= extents[d], ++d) {
      at[launch->vars[d].get()] = cint(static_cast<int64_t>(rest) % extents[d]);
    }
    auto n = const_value(simplify(substitute(count, at)));
    if (!n) {
      return std::nullopt;
    }
    trips.push_back(*n);
  }
  return trips;
}

}  // namespace

Module widen_key_steps(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    for (const KernelLaunch* launch : kernel_launches(f.body)) {
      for (const For* loop : key_loops(launch->body)) {
        KeyStepAnalysis a = analyse_key_steps(launch, loop);
        std::optional<std::vector<int64_t>> trips;
        if (a.why_not.empty() && !(trips = trip_counts(launch, loop))) {
          a.why_not = "its trip count is not a constant at each block";
        }
        if (!a.why_not.empty()) {
          ctx.remark(loop->loc, "kept") << "key loop '" << a.kb->name << "' kept: " << a.why_not;
          continue;
        }
        // The largest power of two that divides every trip count (no key added), keeps the
        // buffers, double-buffered by C1, within the L1 budget and the step within
        // kMaxKeysPerStep keys.
        int64_t group = 1;
        for (int64_t g = 2; a.width * g <= kMaxKeysPerStep; g *= 2) {
          bool divides = std::all_of(trips->begin(), trips->end(),
                                     [&](int64_t n) { return n > 0 && n % g == 0; });
          if (!divides ||
              2 * grouped_block_bytes(
                      launch->body, [&](const BufferNode* b) { return a.tied.count(b) > 0; }, g) >
                  ctx.device.l1_budget) {
            break;
          }
          group = g;
        }
        if (group == 1) {
          ctx.remark(loop->loc, "kept") << fmt::format(
              "key loop '{}' kept: no step of 2 or more key blocks divides every trip count and "
              "fits L1 (at most {} keys a step)",
              a.kb->name, kMaxKeysPerStep);
          continue;
        }
        Widener w;
        w.a = &a;
        w.group = group;
        Stmt body = w.mutate(launch->body);
        int64_t most = *std::max_element(trips->begin(), trips->end());
        ctx.remark(loop->loc, "widened") << fmt::format(
            "key loop '{}' runs {} key blocks per step: {} keys instead of {} (at most {} steps "
            "instead of {}), the online softmax's per-step row work done once for them",
            a.kb->name, group, a.width * group, a.width, most / group, most);
        Stmt new_launch =
            KernelLaunch::make(launch->extents, launch->vars, launch->attrs, body, launch->loc);
        f = f.with_body(replace_launch(f.body, launch, new_launch));
        break;  // one key loop per launch (the launch node changed)
      }
    }
  }
  return out;
}

}  // namespace tltt::passes
