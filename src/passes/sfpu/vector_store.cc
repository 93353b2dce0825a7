// B3: stores of whole on-chip vectors to a tensor (`T[base + i] = v[i]`, or a computed
// vector) become tile copies of the vector (through a vector block when computed).
#include <fmt/format.h>

#include "passes/sfpu/lowerer.h"
#include "passes/vector_layout.h"

namespace tltt::passes::sfpu {

using namespace ir;

// `T[base + i] = v[i]` over a whole on-chip vector: a tile copy of the vector to the tensor.
Stmt Lowerer::vector_store(const BufferStore* store) {
  const BufferLoad* ld = strip_float_casts(store->value).as<BufferLoad>();
  std::string kind = vector_kind(store->buffer);
  if (!ld || nest_.size() != 1 || kind.empty() || vector_kind(ld->buffer) != kind ||
      access(ld->buffer, ld->indices) != Access::kWhole) {
    return {};
  }
  size_t d = kind == "col" ? 0 : 1;
  auto base = offset_of(store->indices[d], nest_[0]->var.get());
  auto other = as_const_int(store->indices[1 - d]);
  if (!base || !other || *other != 0) {
    return {};
  }
  Region dst{store->buffer, {}, store->loc};
  Range r{*base, nest_[0]->extent}, pad{cint(0, store->loc), cint(kTile, store->loc)};
  dst.ranges = d == 0 ? std::vector<Range>{r, pad} : std::vector<Range>{pad, r};
  return Copy::make(Region::full(ld->buffer, store->loc), dst, {}, store->loc);
}

// `T[base + i] = f(v[i], ...)` over on-chip vectors: f into a vector block, then a tile copy
// of it to the tensor.
Stmt Lowerer::computed_vector_store(const BufferStore* store) {
  std::string kind = vector_kind(store->buffer);
  if (kind.empty() || nest_.size() != 1 || touches_global(store->value)) {
    return {};
  }
  size_t d = kind == "col" ? 0 : 1;
  const For* loop = nest_[0];
  auto base = offset_of(store->indices[d], loop->var.get());
  auto other = as_const_int(store->indices[1 - d]);
  auto len = const_value(loop->extent);
  if (!base || !other || *other != 0 || !len) {
    return {};
  }
  Location loc = store->loc;
  Attrs attrs;
  attrs.set(kVectorAttr, kind);
  std::vector<Expr> shape = d == 0 ? std::vector<Expr>{cint(*len, loc), cint(kTile, loc)}
                                   : std::vector<Expr>{cint(kTile, loc), cint(*len, loc)};
  Buffer tmp = Buffer::make(store->buffer->name + "_block", store->buffer->dtype, shape,
                            MemScope::kFragment, attrs, loc);
  std::vector<Expr> idx = d == 0 ? std::vector<Expr>{loop->var, cint(0, loc)}
                                 : std::vector<Expr>{cint(0, loc), loop->var};
  Stmt nest = For::make(loop->var, loop->min, loop->extent, loop->for_kind,
                        BufferStore::make(tmp, idx, store->value, loc), loop->num_stages,
                        loop->attrs, loop->loc);
  Region dst{store->buffer, {}, loc};
  Range r{*base, loop->extent}, pad{cint(0, loc), cint(kTile, loc)};
  dst.ranges = d == 0 ? std::vector<Range>{r, pad} : std::vector<Range>{pad, r};
  Stmt compute = lower_nest(nest.as<For>());
  return Allocate::make(
      tmp, SeqStmt::make({compute, Copy::make(Region::full(tmp, loc), dst, {}, loc)}, loc), loc);
}

}  // namespace tltt::passes::sfpu
