// B3: T.fill of a whole on-chip block becomes a tile fill (of a constant, or of a scalar
// expression of kernel parameters); a fill of part of a block becomes a masked element-wise
// select; a fill that starts a gemm's accumulation is left for C2 to absorb into the gemm
// (init_value).
#include <fmt/format.h>

#include "ir/printer.h"
#include "passes/finalize_signature.h"
#include "passes/pass_util.h"
#include "passes/sfpu/lowerer.h"
#include "passes/sfpu_ops.h"
#include "passes/vector_layout.h"

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
  if (!tile_shaped(b)) {
    std::string shape;
    for (size_t d = 0; d < b->shape.size(); ++d) {
      shape += (d ? ", " : "") + print(b->shape[d]);
    }
    ctx->error(op->loc) << fmt::format(
        "T.fill of '{}' of shape [{}]: blocks smaller than a 32x32 tile cannot be filled by tile "
        "operations; give every T.Kernel block at least 32 rows and 32 columns",
        b->name, shape);
    return op;
  }
  if (!region_is_full(op->dst)) {
    return region_fill(op);
  }
  Expr tree;
  if (b->dtype.is_integer()) {
    // An integer block holds the integers' bits: a constant fill is fill_tile_int (D5), never
    // the float's bits.
    auto k = const_float(strip_float_casts(op->value));
    if (!k || *k != static_cast<double>(static_cast<int64_t>(*k))) {
      ctx->error(op->loc) << fmt::format(
          "T.fill of integer block '{}' with the value '{}' (integer blocks are filled with "
          "integer constants) cannot be mapped to tile operations",
          b->name, print(op->value));
      return op;
    }
    tree = IntImm::make(static_cast<int64_t>(*k), b->dtype, op->loc);
  } else {
    tree = scalar_tree(op->value, op->loc);
  }
  if (!tree.defined()) {
    return op;
  }
  ++lowered;
  return tt_call_stmt(TtOp::kSfpu, {buffer_ref(b, op->loc), tree}, {}, op->loc);
}

// `s = e` outside any T.Parallel nest, with s a kernel-local float scalar laid out as a
// one-element block (A1: its value at (0, 0) of one tile): the one-element nest
// `for i in T.Parallel(32): s[i] = e`, whose reads of scalars are scalar broadcasts; a value that
// reads no block (a constant, a float of the kernel's lets) is a fill.
Stmt Lowerer::visit(const BufferStore* op) {
  const Buffer& b = op->buffer;
  if (!on_chip(b) || !b->attrs.has(kScalarElementAttr)) {
    return Mutator::visit(op);
  }
  Location loc = op->loc;
  if (!reads_on_chip(op->value)) {
    scalar_store_ = b->name;
    Expr tree = scalar_tree(op->value, loc);
    scalar_store_.clear();
    if (!tree.defined()) {
      return op;
    }
    ++lowered;
    return tt_call_stmt(TtOp::kSfpu, {buffer_ref(b, loc), tree}, {}, loc);
  }
  // The nest spans the block's tile (rounded up to it since B1), so it stores the value
  // everywhere; only element (0, 0) is ever read.
  size_t d = vector_kind(b) == "row" ? 1 : 0;
  Var i = Variable::make("i", DataType::int32(), loc);
  std::vector<Expr> idx = op->indices;
  idx[d] = i;
  Stmt store = BufferStore::make(b, idx, op->value, loc);
  Stmt nest = For::make(i, cint(0, loc), b->shape[d], ForKind::kParallel, store, 0, {}, loc);
  return visit(nest.as<For>());
}

// The value of a T.fill as a tile tree without block operands: constants, float32 kernel
// scalars (their bits as a compute runtime argument) and + - * and math calls of them, each
// scalar leaf a tile fill in DST.
Expr Lowerer::scalar_tree(const Expr& e0, const Location& at) {
  Expr e = strip_float_casts(e0);
  Location loc = e.loc().known() ? e.loc() : at;
  if (auto v = const_float(e)) {
    return FloatImm::make(*v, DataType::float32(), loc);
  }
  if (kernel_value(e)) {
    return e;  // a float of the kernel's lets, filled as computed (fill_tile)
  }
  const Variable* v = e.as<Variable>();
  if (v && scalar_params.count(v) && v->dtype == DataType::float32()) {
    return tt_call(TtOp::kRuntimeArg, DataType::float32(),
                   {StringImm::make(scalar_arg_name(v->name), loc)}, {}, loc);
  }
  const Binary* b = e.as<Binary>();
  if (b && (b->op == BinaryOp::kAdd || b->op == BinaryOp::kSub || b->op == BinaryOp::kMul)) {
    Expr x = scalar_tree(b->a, loc), y = x.defined() ? scalar_tree(b->b, loc) : Expr();
    if (!y.defined()) {
      return {};
    }
    SfpuBinaryFn fn = b->op == BinaryOp::kAdd   ? SfpuBinaryFn::kAdd
                      : b->op == BinaryOp::kSub ? SfpuBinaryFn::kSub
                                                : SfpuBinaryFn::kMul;
    return tile_binary(fn, x, y, loc);
  }
  const Call* c = e.as<Call>();
  const SfpuFunction* f = c ? sfpu_function_of_tilelang(c->name) : nullptr;
  if (f && f->fn != SfpuFn::kPower && c->args.size() == 1) {
    Expr x = scalar_tree(c->args[0], loc);
    return x.defined() ? tile_unary(f->fn, x, loc) : Expr();
  }
  if (!scalar_store_.empty()) {
    ctx->error(loc) << fmt::format(
        "the value '{}' assigned to kernel-local float scalar '{}' (values that read no block "
        "are constants, float lets of kernel values, float32 kernel parameters, and +, -, * and "
        "math calls of them; float tensor elements are copied into a block first) cannot be "
        "mapped to tile operations",
        print(e0), scalar_store_);
    return {};
  }
  ctx->error(loc) << fmt::format(
      "T.fill with the value '{}' (fill values are constants, float32 kernel parameters, float "
      "lets of kernel values, and +, -, * and math calls of them) cannot be mapped to tile "
      "operations",
      print(e0));
  return {};
}

// T.fill of a constant part of a 2-D block (`T.fill(buf[0:16, :], v)`): the element-wise
// `buf[i, j] = T.if_then_else(i, j inside the part, v, buf[i, j])`, whose bound masks need not
// fall on tile boundaries.
Stmt Lowerer::region_fill(const Fill* op) {
  const Buffer& b = op->dst.buffer;
  Location loc = op->loc;
  std::vector<Var> vars;
  std::vector<Expr> idx;
  Expr cond;
  bool constant = b.rank() == 2;
  for (size_t d = 0; constant && d < 2; ++d) {
    const Range& r = op->dst.ranges[d];
    auto lo = as_const_int(r.min), ext = as_const_int(r.extent), size = as_const_int(b->shape[d]);
    constant = lo && ext && size;
    Var v = Variable::make(d ? "j" : "i", DataType::int32(), loc);
    vars.push_back(v);
    idx.push_back(v);
    if (!constant) {
      break;
    }
    auto conj = [&](Expr c) {
      cond = cond.defined() ? Logical::make(LogicalOp::kAnd, cond, c, loc) : c;
    };
    if (*lo > 0) {
      conj(cmp(CompareOp::kGE, v, cint(*lo, loc)));
    }
    if (*lo + *ext < *size) {
      conj(cmp(CompareOp::kLT, v, cint(*lo + *ext, loc)));
    }
  }
  if (!constant) {
    ctx->error(loc) << fmt::format(
        "T.fill of part of '{}': the part must be a 2-D block region with constant bounds "
        "(`buf[0:16, :]`)",
        b->name);
    return op;
  }
  Expr value = Select::make(cond, op->value, BufferLoad::make(b, idx, loc), loc);
  Stmt nest = BufferStore::make(b, idx, value, loc);
  for (size_t d = 2; d-- > 0;) {
    nest = For::make(vars[d], cint(0, loc), b->shape[d], ForKind::kParallel, nest, 0, {}, loc);
  }
  return lower_nest(nest.as<For>());
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

bool Lowerer::touches(const Stmt& s, const Buffer& b) { return buffers_in(s).count(b.get()); }

}  // namespace tltt::passes::sfpu
