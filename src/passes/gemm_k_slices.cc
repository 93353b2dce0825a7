// D4a's sliced first K step (gemm_k_slices.h). With one-row sub-blocks and packer L1
// accumulation, compute cannot start a block before its whole first K step has arrived: at
// 2048^3 on n150 (256x256x256 blocks) every core waits ~13k cycles for the first 256 KiB of A
// and B to be read and multicast. Measured on a hand-edited copy of the generated kernels, the
// first step taken as four 64-wide slices, each computed as soon as its pages arrive, removes
// most of that wait (306.6k -> 299.5k cycles); slices of one K tile were slower (the packer then
// limits the math).
#include "passes/gemm_k_slices.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/dst/gemm_plan.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// K tiles of one slice: two (64 wide), the width measured best.
constexpr int64_t kSliceTiles = 2;
// The smallest K step sliced: four slices of two tiles at least (a shorter step's fill is short).
constexpr int64_t kMinStepTiles = 8;

int64_t cb_of(const Buffer& b) { return b.defined() ? b->attrs.get_int(kCbIndexAttr, -1) : -1; }

// A transfer `for o in [0, rows) { for i in [0, cols) { noc_async_read_tile(t, acc, p + (o * cols
// + i) * page) } }` into the slot at `p`: its two loops, else nullptr.
struct Nest {
  const For* outer = nullptr;
  const For* inner = nullptr;
  const Call* read = nullptr;
};

Nest match_nest(const Stmt& s, const Variable* p, int64_t rows, int64_t cols, int64_t page) {
  const For* o = s.as<For>();
  const For* i = o ? o->body.as<For>() : nullptr;
  const Call* r = i ? as_call_stmt(i->body) : nullptr;
  if (!is_tt_op(r, TtOp::kNocAsyncReadTile) || const_value(o->min) != 0 ||
      const_value(i->min) != 0 || const_value(o->extent) != rows ||
      const_value(i->extent) != cols) {
    return {};
  }
  auto in_slot = affine_in(tt::NocAsyncReadTile::l1_addr(r), p);
  auto by_o = in_slot && in_slot->coef == 1 ? affine_in(in_slot->rest, o->var.get()) : std::nullopt;
  auto by_i =
      by_o && by_o->coef == cols * page ? affine_in(by_o->rest, i->var.get()) : std::nullopt;
  if (!by_i || by_i->coef != page || const_value(simplify(by_i->rest)) != 0) {
    return {};
  }
  return {o, i, r};
}

// The one matmul of a K loop that D4a may slice, with the facts the rewrite needs.
struct Candidate {
  const For* loop = nullptr;
  const Call* mm = nullptr;
  int64_t a_cb = -1, b_cb = -1, mt = 0, kt = 0, nt = 0;
  int a_found = 0, b_found = 0;    // matching transfers into A's (B's) CB in the movers
  int a_writes = 0, b_writes = 0;  // get_write_ptr of A's (B's) CB in the movers
};

// The data-movement rewrite: A's transfer K-major, both transfers' outer loops marked with the
// slice rows (or, with `apply` false, only counted).
class Movers : public Mutator {
 public:
  using Mutator::visit;
  std::vector<Candidate>* cands = nullptr;
  bool apply = false;

  Stmt visit(const LetStmt* op) override {
    const Call* c = op->value.as<Call>();
    if (!is_tt_op(c, TtOp::kGetWritePtr)) {
      return Mutator::visit(op);
    }
    int64_t cb = cb_of(tt::GetWritePtr::cb(c));
    for (Candidate& k : *cands) {
      if (cb != k.a_cb && cb != k.b_cb) {
        continue;
      }
      bool is_a = cb == k.a_cb;
      (is_a ? k.a_writes : k.b_writes)++;
      const SeqStmt* q = op->body.as<SeqStmt>();
      std::vector<Stmt> stmts = q ? q->stmts : std::vector<Stmt>{op->body};
      int64_t page = tt::GetWritePtr::cb(c)->attrs.get_int(keys::kCbPageSize, 0);
      for (Stmt& s : stmts) {
        Nest n = is_a ? match_nest(s, op->var.get(), k.mt, k.kt, page)
                      : match_nest(s, op->var.get(), k.kt, k.nt, page);
        if (!n.outer) {
          continue;
        }
        (is_a ? k.a_found : k.b_found)++;
        if (apply) {
          s = rewrite(n, is_a, k, op->var, page);
        }
      }
      return LetStmt::make(op->var, op->value, seq(stmts, op->body->loc), op->loc);
    }
    return Mutator::visit(op);
  }

 private:
  // B's rows are K rows already; A's nest is interchanged so that its rows are too.
  Stmt rewrite(const Nest& n, bool is_a, const Candidate& k, const Var& p, int64_t page) {
    Attrs marked = n.outer->attrs.with(keys::kSliceRows, AttrValue(kSliceTiles));
    if (!is_a) {
      return For::make(n.outer->var, n.outer->min, n.outer->extent, n.outer->for_kind,
                       n.outer->body, n.outer->num_stages, marked, n.outer->loc);
    }
    // Tile (m, k) at page k * mt + m: m is the outer loop's variable, k the inner one's.
    Location loc = n.read->loc;
    Expr l1 =
        add(Expr(p), mul(add(mul(n.inner->var, cint(k.mt, loc)), n.outer->var), cint(page, loc)));
    std::vector<Expr> args = n.read->args;
    args[2] = l1;
    Stmt read =
        Evaluate::make(Call::make(n.read->dtype, n.read->name, args, n.read->attrs, loc), loc);
    Stmt by_m = For::make(n.outer->var, n.outer->min, n.outer->extent, n.outer->for_kind, read,
                          n.outer->num_stages, n.outer->attrs, n.outer->loc);
    Attrs inner_marked = n.inner->attrs.with(keys::kSliceRows, AttrValue(kSliceTiles));
    return For::make(n.inner->var, n.inner->min, n.inner->extent, n.inner->for_kind, by_m,
                     n.inner->num_stages, inner_marked, n.inner->loc);
  }
};

// The matmuls of the compute kernel that qualify by themselves: matmul_block with packer L1
// accumulation in one-row sub-blocks, alone (with its pops) in a K loop of at least three steps
// whose accumulation flag is `k != k_min`, A and B read from no other compute op.
std::vector<Candidate> find_candidates(const Stmt& body, int64_t dst_capacity) {
  std::vector<Candidate> out;
  std::map<int64_t, int> tile_reads;  // compute ops reading tiles of a CB
  post_order_visit(body, [&](const Node* n) {
    if (n->kind != NodeKind::kCall) {
      return;
    }
    const auto* c = static_cast<const Call*>(n);
    auto op = tt_op_of(c);
    if (!op || tt_op_info(*op).stage != TtStage::kProtocolLess) {
      return;
    }
    for (const Expr& a : c->args) {
      if (int64_t cb = cb_of(ref_buffer(a)); cb >= 0) {
        tile_reads[cb]++;
      }
    }
  });
  post_order_visit(body, [&](const Node* n) {
    if (n->kind != NodeKind::kFor) {
      return;
    }
    const auto* loop = static_cast<const For*>(n);
    const SeqStmt* q = loop->body.as<SeqStmt>();
    const Call* mm = q && !q->stmts.empty() ? as_call_stmt(q->stmts[0]) : nullptr;
    if (!is_tt_op(mm, TtOp::kMatmul) || !tt::Matmul::block_ops(mm) || !tt::Matmul::l1_acc(mm) ||
        tt::Matmul::transpose_a(mm) || tt::Matmul::transpose_b(mm)) {
      return;
    }
    for (size_t i = 1; i < q->stmts.size(); ++i) {
      if (tt_op_of_stmt(q->stmts[i]) != TtOp::kCbPopFront) {
        return;
      }
    }
    const Compare* flag = tt::Matmul::accumulate(mm).as<Compare>();
    auto steps = const_value(loop->extent);
    if (!flag || flag->op != CompareOp::kNE || flag->a.get() != loop->var.get() ||
        const_value(flag->b) != const_value(loop->min) || !steps) {
      return;
    }
    Buffer a = tt::Matmul::a(mm), b = tt::Matmul::b(mm), c = tt::Matmul::c(mm);
    auto at = tile_grid(a), ct = tile_grid(c);
    dst::GemmShape s;
    s.mt = at[0];
    s.kt = at[1];
    s.nt = ct[1];
    s.k_iters = *steps;
    s.dst_capacity = dst_capacity;
    s.canonical = true;
    s.block_ops = s.l1_acc = true;
    dst::GemmPlan p = dst::plan_gemm(s);
    if (p.in_dst || !p.l1_acc || p.subblock_h != 1 || s.kt < kMinStepTiles ||
        s.kt % kSliceTiles != 0 || tile_reads[cb_of(a)] != 1 || tile_reads[cb_of(b)] != 1) {
      return;
    }
    out.push_back({loop, mm, cb_of(a), cb_of(b), s.mt, s.kt, s.nt});
  });
  return out;
}

class MarkLoop : public Mutator {
 public:
  using Mutator::visit;
  std::map<const For*, int64_t> slices;
  Stmt visit(const For* op) override {
    auto it = slices.find(op);
    if (it == slices.end()) {
      return Mutator::visit(op);
    }
    Attrs attrs =
        op->attrs.with(keys::kAKMajor, AttrValue(true)).with(keys::kKSlices, AttrValue(it->second));
    return For::make(op->var, op->min, op->extent, op->for_kind, op->body, op->num_stages, attrs,
                     op->loc);
  }
};

}  // namespace

Module slice_first_k_step(const Module& m, PassContext& ctx) {
  int64_t cap = m.plan.compute ? m.plan.compute->dst_capacity : ctx.device.dst_tiles(false);
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    std::vector<Candidate> cands = find_candidates(f.body, cap);
    if (cands.empty()) {
      continue;
    }
    Movers count;
    count.cands = &cands;
    for (const PrimFunc& g : m.functions) {
      if (kernel_role(m, g) == "reader" || kernel_role(m, g) == "writer") {
        count.mutate(g);
      }
    }
    std::vector<Candidate> kept;
    MarkLoop mark;
    for (const Candidate& k : cands) {
      bool ok = k.a_found == 1 && k.b_found == 1 && k.a_writes == 1 && k.b_writes == 1;
      ctx.remark(k.mm->loc, "k-slices") << fmt::format(
          "gemm of {}x{}x{}-tile steps: {}", k.mt, k.kt, k.nt,
          ok ? fmt::format("A's CB laid out K-major and the first K step computed as {} slices "
                           "of {} K tiles, each as soon as its pages arrive, so a block's first "
                           "products do not wait for its whole first step",
                           k.kt / kSliceTiles, kSliceTiles)
             : std::string("first K step kept whole (A's or B's CB is not filled by one "
                           "row-major transfer of whole tile rows)"));
      if (ok) {
        kept.push_back(k);
        mark.slices[k.loop] = k.kt / kSliceTiles;
      }
    }
    if (kept.empty()) {
      continue;
    }
    f = mark.mutate(f);
    Movers rewrite;
    rewrite.cands = &kept;
    rewrite.apply = true;
    for (PrimFunc& g : out.functions) {
      if (kernel_role(m, g) == "reader" || kernel_role(m, g) == "writer") {
        g = rewrite.mutate(g);
      }
    }
  }
  return out;
}

}  // namespace tltt::passes
