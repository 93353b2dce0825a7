// B3: how a nest reads or writes an on-chip block (whole, broadcast, vector), the shapes
// tile operations accept, and the located errors for what does not map.
#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/sfpu/lowerer.h"
#include "passes/vector_layout.h"

namespace tltt::passes::sfpu {

using namespace ir;

bool Lowerer::tile_shaped(const Buffer& b) {
  if (b->attrs.has(kScalarElementAttr)) {
    return true;  // a one-element block: one tile holding the value at (0, 0)
  }
  if (b.rank() < 2) {
    return false;
  }
  for (size_t d = 0; d < b.rank(); ++d) {
    auto v = as_const_int(b->shape[d]);
    if (!v || (d + 2 < b.rank() ? *v != 1 : *v % kTile != 0)) {
      return false;
    }
  }
  return true;
}

// Blocks smaller than a tile (one row per T.Kernel block) cannot be computed by tile
// operations; say how to restructure.
void Lowerer::report_sub_tile(const Buffer& b, const Location& loc) {
  std::string shape;
  std::string kind = vector_kind(b);
  if (!kind.empty()) {
    shape = print(b->shape[kind == "col" ? 0 : 1]);  // as the user wrote it: [L]
  }
  for (size_t d = 0; kind.empty() && d < b->shape.size(); ++d) {
    shape += (d ? ", " : "") + print(b->shape[d]);
  }
  ctx->error(loc) << fmt::format(
      "element-wise loop over '{}' of shape [{}]: blocks smaller than a 32x32 tile cannot be "
      "computed by tile operations; give every T.Kernel block at least 32 rows and 32 columns "
      "(e.g. T.Kernel(T.ceildiv(M, 32)) with [32, N] blocks instead of one row per block)",
      b->name, shape);
}

bool Lowerer::touches_global(const Expr& e) {
  bool g = false;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      g |= static_cast<const BufferLoad*>(n)->buffer->scope == MemScope::kGlobal;
    }
  });
  return g;
}

bool Lowerer::is_var(const Expr& e, size_t d, int64_t extent) const {
  auto mn = const_value(nest_[d]->min), ext = const_value(nest_[d]->extent);
  return e.get() == nest_[d]->var.get() && mn && *mn == 0 && ext && *ext == extent;
}

// A whole block with the nest's variables in order, a vector over the nest's one loop, or a
// per-row (column-vector) / per-column (row-vector) operand of a 2-D nest.
Access Lowerer::access(const Buffer& b, const std::vector<Expr>& idx) const {
  if (idx.size() != b.rank()) {
    return Access::kNone;
  }
  std::vector<int64_t> shape;
  for (const Expr& d : b->shape) {
    shape.push_back(as_const_int(d).value_or(-1));
  }
  std::string kind = vector_kind(b);
  if (!kind.empty() && idx.size() == 2) {
    size_t d = kind == "col" ? 0 : 1;
    auto other = as_const_int(idx[1 - d]);
    if (!other || *other != 0) {
      return Access::kNone;
    }
    // A one-element vector read at its element in any nest: a value known only at run time
    // (a tensor element the reader copied in, see scalar_elements.cc), the same for every
    // element of the nest.
    if (b->attrs.has(kScalarElementAttr) && as_const_int(idx[d]) == std::optional<int64_t>(0)) {
      return Access::kBcastScalar;
    }
    if (nest_.size() == 1) {
      return is_var(idx[d], 0, shape[d]) ? Access::kWhole : Access::kNone;
    }
    if (nest_.size() == 2 && is_var(idx[d], d, shape[d])) {
      return kind == "col" ? Access::kBcastCol : Access::kBcastRow;
    }
    return Access::kNone;
  }
  if (nest_.size() != idx.size()) {
    return Access::kNone;
  }
  for (size_t d = 0; d < idx.size(); ++d) {
    if (!is_var(idx[d], d, shape[d])) {
      return Access::kNone;
    }
  }
  return Access::kWhole;
}

bool Lowerer::plain_binary(const BufferStore* store) const {
  const Binary* bin = strip_float_casts(store->value).as<Binary>();
  // Integer blocks compute on the SFPU (the FPU's add_tiles works on floats).
  if (!bin || !vector_kind(store->buffer).empty() || store->buffer->dtype.is_integer() ||
      (bin->op != BinaryOp::kAdd && bin->op != BinaryOp::kSub && bin->op != BinaryOp::kMul)) {
    return false;
  }
  Expr a = strip_float_casts(bin->a), b = strip_float_casts(bin->b);
  const BufferLoad* x = a.as<BufferLoad>();
  const BufferLoad* y = b.as<BufferLoad>();
  // Operands of different dtypes go through DST (one copy each) instead of the FPU's two
  // source registers.
  return x && y && on_chip(x->buffer) && on_chip(y->buffer) &&
         x->buffer->dtype == y->buffer->dtype && access(x->buffer, x->indices) == Access::kWhole &&
         access(y->buffer, y->indices) == Access::kWhole;
}

bool Lowerer::runtime_scalar(const Expr& e) { return is_tt_op(e.as<Call>(), TtOp::kRuntimeArg); }

// A float expression of kernel lets (no buffer load, no variable of the nest, no call) that
// names at least one let: the kernels compute it as a scalar. Kernel parameters alone keep
// their runtime-argument forms.
bool Lowerer::kernel_value(const Expr& e) const {
  if (!e.dtype().is_float()) {
    return false;
  }
  bool ok = true, let = false;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad || n->kind == NodeKind::kCall ||
        n->kind == NodeKind::kSelect) {
      ok = false;
    } else if (n->kind == NodeKind::kVariable) {
      const Variable* v = static_cast<const Variable*>(n);
      for (const For* f : nest_) {
        ok &= f->var.get() != v;
      }
      let |= !scalar_params.count(v);
    }
  });
  return ok && let;
}

Expr Lowerer::fail(const Location& loc, const std::string& what) {
  // Expressions built without a source position are reported at their T.Parallel nest.
  ctx->error(loc.known() ? loc : nest_.front()->loc)
      << what
      << " cannot be mapped to tile operations by the Tenstorrent "
         "element-wise lowering (lower-to-sfpu)";
  return {};
}

// `base + v` with base free of the nest's variables.
std::optional<Expr> Lowerer::offset_of(const Expr& e, const Variable* v) const {
  std::vector<const Variable*> vars;
  for (const For* f : nest_) {
    vars.push_back(f->var.get());
  }
  return split_index(e, v, vars);
}

}  // namespace tltt::passes::sfpu
