// D5 expansion of tt.sfpu: one output tile at a time, the expression tree is evaluated in DST
// registers from slot 0 upwards (a Sethi-Ullman order: the left operand at `base`, the right
// at `base + 1`), every hardware op preceded by its init because consecutive ops of a fused
// tree reconfigure the unpacker and the SFPU.
#include "passes/sfpu_ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

std::vector<Buffer> sfpu_inputs(const Call* c) {
  std::vector<Buffer> in;
  for (size_t i = 0; i + 2 < c->args.size(); ++i) {
    in.push_back(ref_buffer(c->args[i]));
  }
  return in;
}

Buffer sfpu_output(const Call* c) { return ref_buffer(c->args[c->args.size() - 2]); }

namespace {

bool is_leaf(const Expr& e) { return e.as<RegionRef>() != nullptr; }
bool is_scalar(const Expr& e) { return e.as<FloatImm>() != nullptr; }

std::string tile_name(const Call* c) { return c->name.substr(5); }  // "tile.<op>"

bool fpu_binary(const std::string& op) { return op == "add" || op == "sub" || op == "mul"; }

uint32_t float_bits(double v) {
  float f = static_cast<float>(v);
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
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
  if (is_leaf(x) && is_leaf(y) && fpu_binary(tile_name(c))) {
    return 1;
  }
  return std::max(need(x), need(y) + 1);
}

class Emitter {
 public:
  Expr idx;
  Location loc;
  std::vector<Stmt> out;

  void call(const std::string& name, std::vector<Expr> args) {
    out.push_back(call_stmt(name, std::move(args), {}, loc));
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
      double s = (left ? x : y).as<FloatImm>()->value;
      emit(left ? y : x, base);
      call("binop_with_scalar_tile_init", {});
      if (op == "sub" && left) {
        call("rsub_unary_tile", {slot(base), bits(s)});
      } else {
        call(op + "_unary_tile", {slot(base), bits(s)});
      }
      return;
    }
    if (is_leaf(x) && is_leaf(y) && fpu_binary(op)) {
      Expr a = buffer_ref(x.as<RegionRef>()->region.buffer, loc);
      Expr b = buffer_ref(y.as<RegionRef>()->region.buffer, loc);
      call(op + "_tiles_init", {a, b});
      call(op + "_tiles", {a, b, idx, idx, slot(base)});
      return;
    }
    emit(x, base);
    emit(y, base + 1);
    std::string name = op == "max" || op == "min" ? "binary_" + op : op + "_binary";
    call(name + "_tile_init", {});
    call(name + "_tile", {slot(base), slot(base + 1), slot(base)});
  }

 private:
  void unary(const std::string& op, const Call* c, int64_t base) {
    static const std::map<std::string, std::string> names = {
        {"exp", "exp"},     {"exp2", "exp2"},    {"log", "log"},   {"log2", "log"},
        {"sqrt", "sqrt"},   {"rsqrt", "rsqrt"},  {"tanh", "tanh"}, {"sigmoid", "sigmoid"},
        {"abs", "abs"},     {"neg", "negative"}, {"relu", "relu"}, {"square", "square"},
        {"recip", "recip"}, {"power", "power"}};
    const std::string& fn = names.at(op);
    call(fn + "_tile_init", {});
    if (op == "power") {
      call("power_tile", {slot(base), cint(c->attrs.get_int("exponent", 1), loc)});
    } else {
      call(fn + "_tile", {slot(base)});
    }
    if (op == "log2") {  // log2(x) = ln(x) / ln(2)
      call("binop_with_scalar_tile_init", {});
      call("mul_unary_tile", {slot(base), bits(1.0 / std::log(2.0))});
    }
  }
};

}  // namespace

int64_t sfpu_dst_need(const Expr& tree) { return need(tree); }

Stmt lower_sfpu_call(const Call* c, int64_t cap, PassContext& ctx) {
  Location loc = c->loc;
  Buffer out = sfpu_output(c);
  const Expr& tree = c->args.back();
  int64_t k = need(tree);
  if (k > cap) {
    ctx.error(loc) << fmt::format(
        "this fused element-wise expression needs {} DST tiles at once, more than the {} the "
        "DST register holds in this configuration; split it into several T.Parallel loops "
        "through an intermediate buffer",
        k, cap);
    return SeqStmt::make({}, loc);
  }
  const AttrValue* t = out->attrs.find("tiles");
  std::vector<int64_t> grid = t ? t->as_int_list() : tile_grid(out);
  int64_t n = grid[0] * grid[1];
  std::vector<Buffer> ins = sfpu_inputs(c);
  std::vector<Stmt> stmts;
  for (const Buffer& b : ins) {
    stmts.push_back(call_stmt("cb_wait_front", {buffer_ref(b, loc), cint(n, loc)}, {}, loc));
  }
  // The packer was configured for the first compute op's output; this one may differ.
  stmts.push_back(call_stmt("pack_reconfig_data_format", {buffer_ref(out, loc)}, {}, loc));
  Var v = Variable::make("t", DataType::int32(), loc);
  Emitter em;
  em.idx = n == 1 ? cint(0, loc) : Expr(v);
  em.loc = loc;
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
  for (const Buffer& b : ins) {
    stmts.push_back(call_stmt("cb_pop_front", {buffer_ref(b, loc), cint(n, loc)}, {}, loc));
  }
  return seq(stmts, loc);
}

namespace {

class EarlyPops : public Mutator {
 public:
  using Mutator::visit;
  Stmt visit(const SeqStmt* op0) override {
    Stmt s = Mutator::visit(op0);
    const SeqStmt* op = s.as<SeqStmt>();
    if (!op) {
      return s;
    }
    std::vector<Stmt> stmts = op->stmts;
    std::vector<bool> drop(stmts.size(), false);
    for (size_t i = 0; i < stmts.size(); ++i) {
      const Call* pop = as_call_stmt(stmts[i]);
      if (!pop || pop->name != "cb_pop_front") {
        continue;
      }
      Buffer cb = ref_buffer(pop->args[0]);
      for (size_t j = i + 1; j < stmts.size(); ++j) {
        const Call* c = as_call_stmt(stmts[j]);
        if (c && c->name == "cb_wait_front" && ref_buffer(c->args[0]).same_as(cb) &&
            structural_equal(c->args[1], pop->args[1])) {
          drop[i] = true;
          break;
        }
        bool touches = false;
        post_order_visit(stmts[j], [&](const Node* n) {
          if (n->kind == NodeKind::kEvaluate) {
            const Call* k = static_cast<const Evaluate*>(n)->value.as<Call>();
            touches |= k &&
                       (k->name == "cb_push_back" || k->name == "cb_pop_front" ||
                        k->name == "cb_wait_front") &&
                       ref_buffer(k->args[0]).same_as(cb);
          }
        });
        if (touches) {
          break;
        }
      }
    }
    std::vector<Stmt> out;
    for (size_t i = 0; i < stmts.size(); ++i) {
      if (!drop[i]) {
        out.push_back(stmts[i]);
      }
    }
    return SeqStmt::make(out, op->loc);
  }
};

}  // namespace

Stmt drop_early_pops(const Stmt& body) {
  EarlyPops p;
  return p.mutate(body);
}

}  // namespace tltt::passes
