// D5 expansion of tt.sfpu: one output tile at a time, the expression tree is evaluated in DST
// registers from slot 0 upwards (a Sethi-Ullman order: the left operand at `base`, the right
// at `base + 1`), every hardware op preceded by its init because consecutive ops of a fused
// tree reconfigure the unpacker and the SFPU.
#include "passes/sfpu_ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

bool is_compute_op(const Call* c) {
  std::optional<TtOp> op = tt_op_of(c);
  if (!op) {
    return false;
  }
  const TtOpInfo& info = tt_op_info(*op);
  return info.stage == TtStage::kProtocolLess && info.role == TtRole::kCompute;
}

std::set<const BufferNode*> cb_resident_accumulators(const Stmt& body) {
  std::set<const BufferNode*> accs, touched;
  post_order_visit(body, [&](const Node* n) {
    const Call* c = n->kind == NodeKind::kEvaluate
                        ? static_cast<const Evaluate*>(n)->value.as<Call>()
                        : nullptr;
    if (!is_compute_op(c)) {
      return;
    }
    if (is_tt_op(c, TtOp::kMatmul)) {
      accs.insert(compute_write(c).get());
      return;
    }
    touched.insert(compute_write(c).get());
    if (!is_tt_op(c, TtOp::kCopyTiles)) {
      for (const Buffer& r : compute_reads(c)) {
        touched.insert(r.get());
      }
    }
  });
  std::set<const BufferNode*> out;
  for (const BufferNode* a : accs) {
    if (touched.count(a)) {
      out.insert(a);
    }
  }
  return out;
}

std::vector<Buffer> compute_reads(const Call* c) {
  TtOp op = *tt_op_of(c);
  std::vector<Buffer> r;
  if (op == TtOp::kSfpu) {
    r = tt::Sfpu::inputs(c);
  }
  for (const TtOperandInfo& o : tt_op_info(op).operands) {
    if (o.kind == TtOperandKind::kCbIn) {
      r.push_back(ref_buffer(tt_operand(c, o)));
    }
  }
  // A reduction that folds into the old value reads it too.
  if (op == TtOp::kReduce && !tt::Reduce::clear(c)) {
    r.push_back(tt::Reduce::out(c));
  }
  return r;
}

Buffer compute_write(const Call* c) {
  TtOp op = *tt_op_of(c);
  for (const TtOperandInfo& o : tt_op_info(op).operands) {
    if (o.kind == TtOperandKind::kCbOut) {
      return ref_buffer(tt_operand(c, o));
    }
  }
  TILE_ASSERT(false) << c->name << " writes no CB";
  return {};
}

const std::vector<SfpuFunction>& sfpu_functions() {
  static const std::vector<SfpuFunction> table = {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) \
  {SfpuFn::k##Id, tilelang, tile_op, metalium},
#include "sim/include/ttsim/sfpu_functions.def"
  };
  return table;
}

const SfpuFunction& sfpu_function(SfpuFn fn) { return sfpu_functions()[static_cast<size_t>(fn)]; }

const SfpuFunction* sfpu_function_of_tile_op(std::string_view op) {
  for (const SfpuFunction& f : sfpu_functions()) {
    if (!op.empty() && op == f.tile_op) {
      return &f;
    }
  }
  return nullptr;
}

const SfpuFunction* sfpu_function_of_tilelang(std::string_view name) {
  for (const SfpuFunction& f : sfpu_functions()) {
    if (!name.empty() && name == f.tilelang) {
      return &f;
    }
  }
  return nullptr;
}

const std::string* sfpu_binary_metalium(std::string_view tile_op) {
  static const std::vector<std::pair<std::string, std::string>> table = {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) {tile_op, metalium},
#include "sim/include/ttsim/sfpu_functions.def"
  };
  for (const auto& [op, metalium] : table) {
    if (!op.empty() && op == tile_op) {
      return &metalium;
    }
  }
  return nullptr;
}

namespace {

bool is_block(const Expr& e) { return e.as<RegionRef>() != nullptr; }
// A constant, or a kernel scalar (tt.runtime_arg: its fp32 bits as a compute runtime argument).
bool is_scalar(const Expr& e) {
  const Call* c = e.as<Call>();
  return e.as<FloatImm>() != nullptr || is_tt_op(c, TtOp::kRuntimeArg);
}

std::string tile_name(const Call* c) { return c->name.substr(5); }  // "tile.<op>"

// A broadcast operand: a per-row (bcast_col) or per-column (bcast_row) vector tile.
const Call* as_bcast(const Expr& e) {
  const Call* c = e.as<Call>();
  return c && (c->name == "tile.bcast_col" || c->name == "tile.bcast_row") ? c : nullptr;
}
// A mask tile (T.if_then_else on the tile's position, see lower_to_sfpu).
const Call* as_mask(const Expr& e) {
  const Call* c = e.as<Call>();
  return c && c->name == "tile.mask" ? c : nullptr;
}
bool is_leaf(const Expr& e) { return is_block(e) || as_bcast(e) || as_mask(e); }

// Two blocks of one dtype combine in the FPU straight from their CBs (srcA/srcB); blocks of
// different dtypes are each copied into DST and combined by the SFPU.
bool fpu_pair(const std::string& op, const Expr& x, const Expr& y) {
  return (op == "add" || op == "sub" || op == "mul") && is_block(x) && is_block(y) &&
         x.as<RegionRef>()->region.buffer->dtype == y.as<RegionRef>()->region.buffer->dtype;
}

int64_t need(const Expr& e) {
  if (is_leaf(e)) {
    return 1;
  }
  if (is_scalar(e)) {
    return 0;
  }
  const Call* c = e.as<Call>();
  if (c->args.size() == 1) {
    return need(c->args[0]);
  }
  const Expr &x = c->args[0], &y = c->args[1];
  if (is_scalar(x) || is_scalar(y)) {
    return need(is_scalar(x) ? y : x);
  }
  if (fpu_pair(tile_name(c), x, y)) {
    return 1;
  }
  return std::max(need(x), need(y) + 1);
}

class Emitter {
 public:
  Expr idx, row_idx, col_idx;  // tile of the block, of a per-row and of a per-column vector
  Expr out_cb;
  Location loc;
  std::vector<Stmt> out;

  void call(const std::string& name, std::vector<Expr> args, Attrs attrs = {}) {
    out.push_back(call_stmt(name, std::move(args), std::move(attrs), loc));
  }
  Expr slot(int64_t s) { return cint(s, loc); }
  Expr bits(double v) { return IntImm::make(float_bits(v), DataType::uint32(), loc); }

  void emit(const Expr& e, int64_t base) {
    if (const RegionRef* r = e.as<RegionRef>()) {
      Expr cb = buffer_ref(r->region.buffer, loc);
      call("copy_tile_to_dst_init_short", {cb});
      call("copy_tile", {cb, idx, slot(base)});
      return;
    }
    if (const FloatImm* f = e.as<FloatImm>()) {  // a fill
      call("fill_tile_init", {});
      out.push_back(fill_tile_stmt(slot(base), f->value, loc));
      return;
    }
    if (const Call* b = as_bcast(e)) {
      // The vector's column 0 (row 0) spread over the whole tile in DST.
      bool col = b->name == "tile.bcast_col";
      Expr cb = buffer_ref(b->args[0].as<RegionRef>()->region.buffer, loc);
      Attrs t;
      t.set("template", col ? "BroadcastType::COL" : "BroadcastType::ROW");
      call("unary_bcast_init", {cb, out_cb}, t);
      call("unary_bcast", {cb, col ? row_idx : col_idx, slot(base)}, t);
      return;
    }
    if (const Call* m = as_mask(e)) {
      emit_mask(m, base);
      return;
    }
    const Call* c = e.as<Call>();
    std::string op = tile_name(c);
    if (c->args.size() == 1) {
      emit(c->args[0], base);
      unary(op, c, base);
      return;
    }
    const Expr &x = c->args[0], &y = c->args[1];
    if (is_scalar(x) || is_scalar(y)) {
      bool left = is_scalar(x);
      const Expr& s = left ? x : y;
      const FloatImm* k = s.as<FloatImm>();
      Expr value = k ? bits(k->value) : s;
      emit(left ? y : x, base);
      call("binop_with_scalar_tile_init", {});
      if (op == "sub" && left) {
        call("rsub_unary_tile", {slot(base), value});
      } else {
        call(op + "_unary_tile", {slot(base), value});
      }
      return;
    }
    if (fpu_pair(op, x, y)) {
      Expr a = buffer_ref(x.as<RegionRef>()->region.buffer, loc);
      Expr b = buffer_ref(y.as<RegionRef>()->region.buffer, loc);
      call(op + "_tiles_init", {a, b});
      call(op + "_tiles", {a, b, idx, idx, slot(base)});
      return;
    }
    emit(x, base);
    emit(y, base + 1);
    const std::string* name = sfpu_binary_metalium(op);
    TILE_ASSERT(name) << "B3 emitted tile." << op
                      << " between two DST tiles, which the SFPU table lacks";
    call(*name + "_tile_init", {});
    call(*name + "_tile", {slot(base), slot(base + 1), slot(base)});
  }

 private:
  // Rows of this tile start at A = row_base + 32 * tile_row, columns at B = col_base + 32 *
  // tile_col; both are multiples of 32, so the tile is wholly on one side of the diagonal
  // unless A == B, where the reader's triangle tile applies.
  void emit_mask(const Call* m, int64_t base) {
    Expr cb = buffer_ref(m->args[0].as<RegionRef>()->region.buffer, loc);
    auto fill = [&](double v) {
      return seq({call_stmt("fill_tile_init", {}, {}, loc), fill_tile_stmt(slot(base), v, loc)},
                 loc);
    };
    Stmt t = fill(m->attrs.get_float("true_value", 0.0));
    Stmt f = fill(m->attrs.get_float("false_value", 0.0));
    Stmt tri = seq({call_stmt("copy_tile_to_dst_init_short", {cb}, {}, loc),
                    call_stmt("copy_tile", {cb, cint(0, loc), slot(base)}, {}, loc)},
                   loc);
    if (m->attrs.has("bound")) {
      // A bound mask: this tile's rows (columns) start at S = base + 32 * tile_row (_col), a
      // multiple of 32; wholly before the bound, wholly past it, or the reader's partial tile.
      bool row = m->attrs.get_string("axis", "col") == "row";
      Expr start = add(m->args[1], mul(row ? row_idx : col_idx, cint(kTile, loc)));
      Expr bound = cint(m->attrs.get_int("bound", 0), loc);
      out.push_back(
          IfThenElse::make(cmp(CompareOp::kLE, add(start, cint(kTile, loc)), bound), t,
                           IfThenElse::make(cmp(CompareOp::kGE, start, bound), f, tri, loc), loc));
      return;
    }
    Expr a = add(m->args[1], mul(row_idx, cint(kTile, loc)));
    Expr b = add(m->args[2], mul(col_idx, cint(kTile, loc)));
    std::string rel = m->attrs.get_string("relation", ">=");
    bool above_true = rel == ">=" || rel == ">";  // rows past the columns satisfy it
    out.push_back(IfThenElse::make(
        cmp(CompareOp::kGT, a, b), above_true ? t : f,
        IfThenElse::make(cmp(CompareOp::kLT, a, b), above_true ? f : t, tri, loc), loc));
  }

  void unary(const std::string& op, const Call* c, int64_t base) {
    const SfpuFunction* f = sfpu_function_of_tile_op(op);
    TILE_ASSERT(f) << "B3 emitted tile." << op
                   << ", which sim/include/ttsim/sfpu_functions.def lacks";
    // log2 has no SDK call: log2(x) = ln(x) / ln(2).
    bool log2 = f->fn == SfpuFn::kLog2;
    std::string fn = log2 ? sfpu_function(SfpuFn::kLog).metalium : f->metalium;
    call(fn + "_tile_init", {});
    if (f->fn == SfpuFn::kPower) {
      call(fn + "_tile", {slot(base), cint(c->attrs.get_int("exponent", 1), loc)});
    } else {
      call(fn + "_tile", {slot(base)});
    }
    if (log2) {
      call("binop_with_scalar_tile_init", {});
      call("mul_unary_tile", {slot(base), bits(1.0 / std::log(2.0))});
    }
  }
};

}  // namespace

int64_t sfpu_dst_need(const Expr& tree) { return need(tree); }

Stmt lower_sfpu_call(const Call* c, int64_t cap, PassContext& ctx) {
  Location loc = c->loc;
  Buffer out = tt::Sfpu::out(c);
  Expr tree = tt::Sfpu::tree(c);
  int64_t k = need(tree);
  if (k > cap) {
    ctx.error(loc) << fmt::format(
        "this fused element-wise expression needs {} DST tiles at once, more than the {} the "
        "DST register holds in this configuration; split it into several T.Parallel loops "
        "through an intermediate buffer",
        k, cap);
    return SeqStmt::make({}, loc);
  }
  std::vector<int64_t> grid = tile_grid(out);
  int64_t n = grid[0] * grid[1];
  std::vector<Buffer> ins = tt::Sfpu::inputs(c);
  std::vector<Stmt> stmts;
  for (const Buffer& b : ins) {
    auto g = tile_grid(b);
    stmts.push_back(
        call_stmt("cb_wait_front", {buffer_ref(b, loc), cint(g[0] * g[1], loc)}, {}, loc));
  }
  // The packer was configured for the first compute op's output; this one may differ.
  stmts.push_back(call_stmt("pack_reconfig_data_format", {buffer_ref(out, loc)}, {}, loc));
  Var v = Variable::make("t", DataType::int32(), loc);
  Emitter em;
  em.idx = n == 1 ? cint(0, loc) : Expr(v);
  em.row_idx = grid[1] == 1 ? em.idx : floordiv(em.idx, cint(grid[1], loc));
  em.col_idx = grid[1] == 1 ? cint(0, loc) : floormod(em.idx, cint(grid[1], loc));
  em.loc = loc;
  em.out_cb = buffer_ref(out, loc);
  em.call("tile_regs_acquire", {});
  em.emit(tree, 0);
  Expr ro = buffer_ref(out, loc);
  em.call("tile_regs_commit", {});
  em.call("tile_regs_wait", {});
  em.call("cb_reserve_back", {ro, cint(1, loc)});
  em.call("pack_tile", {cint(0, loc), ro});
  em.call("cb_push_back", {ro, cint(1, loc)});
  em.call("tile_regs_release", {});
  Stmt body = seq(em.out, loc);
  stmts.push_back(
      n == 1 ? body : For::make(v, cint(0, loc), cint(n, loc), ForKind::kSerial, body, 0, {}, loc));
  return seq(stmts, loc);
}

Stmt fill_tile_stmt(Expr dst, double v, Location loc) {
  if (std::isfinite(v)) {
    return call_stmt("fill_tile", {dst, FloatImm::make(v, DataType::float32(), loc)}, {}, loc);
  }
  return call_stmt("fill_tile_bitcast", {dst, IntImm::make(float_bits(v), DataType::uint32(), loc)},
                   {}, loc);
}

}  // namespace tltt::passes
