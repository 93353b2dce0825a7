// The forms of T.atomic_add that serialize_atomic_adds lowers (atomic_add_forms.h): matching an
// add to a whole on-chip block and a tensor region, and the block addition that replaces it.
#include "passes/atomic_add_forms.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

const char* const kAtomicAddForms =
    "the forms lowered are a whole on-chip block added to a tensor region, "
    "`T.atomic_add(C[r, c], block)`, or its element form over a T.Parallel nest covering the "
    "block, `T.atomic_add(C[r + i, c + j], block[i, j])`, as a statement of the block body or "
    "of its loops";

std::optional<TileAdd> tile_add(const AtomicAdd* op, const std::vector<const For*>& nest,
                                const StmtNode* stmt, PassContext& ctx) {
  for (const Range& r : op->dst.ranges) {
    if (loads_buffer(r.min)) {
      ctx.error(op->loc) << "T.atomic_add into '" << op->dst.buffer->name
                         << "' at an index computed from data (a buffer load): the region it "
                            "adds to is only known at run time, which has no Tenstorrent "
                            "lowering yet; "
                         << kAtomicAddForms;
      return std::nullopt;
    }
  }
  if (op->dst.buffer->scope != MemScope::kGlobal) {
    ctx.error(op->loc) << "T.atomic_add into the on-chip buffer '" << op->dst.buffer->name
                       << "' has no Tenstorrent lowering yet (a block has one copy of it: "
                          "write the sum with `+`); "
                       << kAtomicAddForms;
    return std::nullopt;
  }
  TileAdd t{stmt, op, op->dst, {}};
  if (nest.empty()) {
    const Region* v = ref_region(op->value);
    if (v && v->buffer->scope != MemScope::kGlobal && region_is_full(*v)) {
      t.value = v->buffer;
      return t;
    }
    ctx.error(op->loc) << "T.atomic_add of "
                       << (v ? "part of a block or a tensor region" : "a single value") << " into '"
                       << op->dst.buffer->name << "' has no Tenstorrent lowering yet; "
                       << kAtomicAddForms;
    return std::nullopt;
  }
  // Element form: value block[v0, .., vn-1] over the whole block, destination base_k + v_k on
  // n axes in order (BSHD's `dQ[b, s0 + i, h, j]`) and one element on the others.
  std::vector<const Variable*> vars;
  for (const For* l : nest) {
    vars.push_back(l->var.get());
  }
  const BufferLoad* load = strip_float_casts(op->value).as<BufferLoad>();
  size_t n = nest.size(), rank = op->dst.ranges.size();
  bool ok =
      load && load->buffer->scope != MemScope::kGlobal && load->buffer.rank() == n && rank >= n;
  for (size_t k = 0; ok && k < n; ++k) {
    auto ext = const_value(nest[k]->extent);
    ok = const_value(nest[k]->min) == 0 && ext && ext == const_value(load->buffer->shape[k]) &&
         load->indices[k].get() == vars[k];
  }
  size_t next = 0;  // the nest variable the next axis that uses one must use
  for (size_t d = 0; ok && d < rank; ++d) {
    Range& r = t.dst.ranges[d];
    ok = const_value(r.extent) == 1;
    bool uses = std::any_of(vars.begin(), vars.end(),
                            [&](const Variable* u) { return uses_var(r.min, u); });
    if (ok && uses) {
      auto base = next < n ? split_index(r.min, vars[next], vars) : std::nullopt;
      ok = base.has_value();
      if (ok) {
        r = {*base, nest[next++]->extent};
      }
    }
  }
  ok &= next == n;
  if (!ok) {
    ctx.error(op->loc) << "this element-wise T.atomic_add into '" << op->dst.buffer->name
                       << "' does not add a whole on-chip block to a tensor region; "
                       << kAtomicAddForms;
    return std::nullopt;
  }
  t.value = load->buffer;
  return t;
}

void mask_tile_add(TileAdd& t, const Expr& cond, const std::vector<const For*>& nest) {
  Location loc = t.op->loc;
  Buffer masked = Buffer::make(t.value->name + "_masked", t.value->dtype, t.value->shape,
                               MemScope::kFragment, {}, loc);
  std::vector<Expr> idx;
  for (const For* l : nest) {
    idx.push_back(l->var);
  }
  Expr zero = t.value->dtype.is_float() ? FloatImm::make(0.0, t.value->dtype, loc)
                                        : IntImm::make(0, t.value->dtype, loc);
  Stmt s = BufferStore::make(
      masked, idx, Select::make(cond, BufferLoad::make(t.value, idx, loc), zero, loc), loc);
  for (size_t k = nest.size(); k-- > 0;) {
    s = For::make(nest[k]->var, nest[k]->min, nest[k]->extent, ForKind::kParallel, s, 0, {},
                  nest[k]->loc);
  }
  t.prelude.push_back(s);
  t.value = masked;
}

const Node* other_access(const Stmt& s, const Buffer& b) {
  const Node* found = nullptr;
  auto in = [&](const Region& r) { return r.buffer.same_as(b); };
  post_order_visit(s, [&](const Node* n) {
    bool hit = false;
    switch (n->kind) {
      case NodeKind::kBufferLoad:
        hit = static_cast<const BufferLoad*>(n)->buffer.same_as(b);
        break;
      case NodeKind::kBufferStore:
        hit = static_cast<const BufferStore*>(n)->buffer.same_as(b);
        break;
      case NodeKind::kRegionRef:
        hit = in(static_cast<const RegionRef*>(n)->region);
        break;
      case NodeKind::kCopy:
        hit = in(static_cast<const Copy*>(n)->src) || in(static_cast<const Copy*>(n)->dst);
        break;
      case NodeKind::kGemm: {
        const auto* g = static_cast<const Gemm*>(n);
        hit = in(g->a) || in(g->b) || in(g->c);
        break;
      }
      case NodeKind::kFill:
        hit = in(static_cast<const Fill*>(n)->dst);
        break;
      case NodeKind::kReduce:
        hit = in(static_cast<const Reduce*>(n)->src) || in(static_cast<const Reduce*>(n)->dst);
        break;
      default:
        break;
    }
    if (hit && !found) {
      found = n;
    }
  });
  return found;
}

Stmt add_block(const Buffer& sum, const Buffer& value, Location loc) {
  std::vector<Var> vars;
  std::vector<Expr> idx;
  for (size_t k = 0; k < sum.rank(); ++k) {
    vars.push_back(Variable::make(fmt::format("i{}", k), DataType::int32(), loc));
    idx.push_back(vars.back());
  }
  Expr v = BufferLoad::make(value, idx, loc);
  if (value->dtype != sum->dtype) {
    v = Cast::make(sum->dtype, v, loc);
  }
  Stmt s = BufferStore::make(
      sum, idx, Binary::make(BinaryOp::kAdd, BufferLoad::make(sum, idx, loc), v, loc), loc);
  for (size_t k = sum.rank(); k-- > 0;) {
    s = For::make(vars[k], cint(0, loc), sum->shape[k], ForKind::kParallel, s, 0, {}, loc);
  }
  return s;
}

}  // namespace tltt::passes
