// D5: a tt.sfpu step whose result a later tt.copy_tiles copies unchanged into a block of another
// float format (attention's `T.copy(s, s_cast)` after the exponential) packs each DST group into
// both CBs: the copy's unpack, DST copy and acquires are gone, the packer writes the tiles twice.
#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "passes/dst/lower.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes::dst {

using namespace ir;

namespace {

const Call* call_of(const Stmt& s, TtOp op) {
  const Call* c = as_call_stmt(s);
  return is_tt_op(c, op) ? c : nullptr;
}

bool reads(const Call* c, const Buffer& b) {
  for (const Buffer& r : compute_reads(c)) {
    if (r.same_as(b)) {
      return true;
    }
  }
  return false;
}

// Every reference to `from` as `to` (a copy of a pack sequence for the second CB).
class SwapBuffer : public Mutator {
 public:
  using Mutator::visit;
  Buffer from, to;
  Buffer mutate_buffer(const Buffer& b) override { return b.same_as(from) ? to : b; }
};

// After every `cb_reserve_back(o) .. cb_push_back(o)` run of a sequence, the same run into x,
// between pack_reconfig_data_format calls (the two CBs have different formats).
class PackAlso : public Mutator {
 public:
  using Mutator::visit;
  Buffer o, x;
  Stmt visit(const SeqStmt* op) override {
    Stmt m = Mutator::visit(op);
    const SeqStmt* s = m.as<SeqStmt>();
    if (!s) {
      return m;
    }
    std::vector<Stmt> out;
    size_t start = 0;
    bool open = false;
    for (size_t i = 0; i < s->stmts.size(); ++i) {
      out.push_back(s->stmts[i]);
      const Call* r = call_of(s->stmts[i], TtOp::kCbReserveBack);
      if (r && tt::CbReserveBack::cb(r).same_as(o)) {
        start = i;
        open = true;
      }
      const Call* p = call_of(s->stmts[i], TtOp::kCbPushBack);
      if (open && p && tt::CbPushBack::cb(p).same_as(o)) {
        Location loc = p->loc;
        SwapBuffer swap;
        swap.from = o;
        swap.to = x;
        out.push_back(tt_call_stmt(TtOp::kPackReconfigDataFormat, {buffer_ref(x, loc)}, {}, loc));
        for (size_t j = start; j <= i; ++j) {
          out.push_back(swap.mutate(s->stmts[j]));
        }
        out.push_back(tt_call_stmt(TtOp::kPackReconfigDataFormat, {buffer_ref(o, loc)}, {}, loc));
        open = false;
      }
    }
    return SeqStmt::make(out, s->loc);
  }
};

}  // namespace

std::optional<SecondPack> match_second_pack(const std::vector<Stmt>& stmts, size_t i) {
  const Call* f = call_of(stmts[i], TtOp::kSfpu);
  if (!f) {
    return std::nullopt;
  }
  Buffer o = tt::Sfpu::out(f);
  // The step's in-place input (its old value) is popped once after it; any other pop of o, a
  // write of o or a statement that is not a plain call ends the search.
  int64_t old_pops = reads(f, o) ? 1 : 0;
  for (size_t j = i + 1; j < stmts.size(); ++j) {
    const Call* c = as_call_stmt(stmts[j]);
    if (!c) {
      return std::nullopt;
    }
    if (const Call* pop = call_of(stmts[j], TtOp::kCbPopFront)) {
      if (tt::CbPopFront::cb(pop).same_as(o) && old_pops-- <= 0) {
        return std::nullopt;
      }
      continue;
    }
    if (!is_compute_op(c)) {
      continue;  // inits
    }
    if (is_tt_op(c, TtOp::kCopyTiles) && tt::CopyTiles::src(c).same_as(o)) {
      Buffer x = tt::CopyTiles::dst(c);
      if (tt::CopyTiles::transpose(c) || o->dtype.is_integer() || x->dtype.is_integer() ||
          tile_grid(x) != tile_grid(o) || x.same_as(o) || reads(f, x)) {
        return std::nullopt;
      }
      // x untouched between the step and the copy.
      for (size_t k = i + 1; k < j; ++k) {
        const Call* b = as_call_stmt(stmts[k]);
        const Call* pop = call_of(stmts[k], TtOp::kCbPopFront);
        if ((pop && tt::CbPopFront::cb(pop).same_as(x)) ||
            (is_compute_op(b) && (compute_write(b).same_as(x) || reads(b, x)))) {
          return std::nullopt;
        }
      }
      SecondPack m;
      m.x = x;
      m.copy_index = j;
      const Call* init = j > 0 ? call_of(stmts[j - 1], TtOp::kCopyTileToDstInitShort) : nullptr;
      m.init_index = init && j - 1 > i ? j - 1 : j;
      return m;
    }
    if (compute_write(c).same_as(o)) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

Stmt pack_also(const Stmt& lowered, const Buffer& o, const Buffer& x) {
  PackAlso p;
  p.o = o;
  p.x = x;
  return p.mutate(lowered);
}

}  // namespace tltt::passes::dst
