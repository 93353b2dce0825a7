// The scalar program of A1's kernel-local scalars (scalar_vars.h): which buffers are scalars,
// the values they hold while the block is walked, and the `if`s and loops that only assign them
// (evaluated when compiling: branches merged into selects, loops unrolled).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "ir/ir.h"

namespace tltt::passes {

// A scalar's value at a point of the block; `why` non-empty: reading it there is the error `why`.
struct ScalarValue {
  ir::Expr value;
  std::string why;
};
using ScalarEnv = std::map<const ir::BufferNode*, ScalarValue>;
using ScalarSet = std::set<const ir::BufferNode*>;

// One-element on-chip integer or bool buffers used only at element 0 (loads, stores, fills).
ScalarSet scalar_buffers(const ir::Stmt& body);
// A store (or fill) of one of the scalars: its buffer (and *value), else nullptr.
const ir::BufferNode* scalar_store(const ir::Node* n, const ScalarSet& scalars, ir::Expr* value);
// Scalar assignments, integer lets, ifs and serial loops only, reading no on-chip data: code
// evaluated when compiling.
bool scalar_program(const ir::Stmt& s, const ScalarSet& scalars);
// The values after `if (cond)` whose branches left `t` and `e` (a scalar one branch never
// assigned is zero there: TileLang leaves it undefined).
ScalarEnv merge_scalars(const ir::Expr& cond, const ScalarEnv& t, const ScalarEnv& e);

// The scalar part of a loop that also does tile work (scalar_slices.cc): the loop reduced to
// its assignments of `scalars` and the ifs, lets and loops around them, where each read of a
// one-element float scalar the same iteration assigned from a tensor element (`lse = G[b, k]`)
// reads that element instead. nullopt unless that is a scalar program (scalar_program) reading
// no tensor the loop writes. Each kernel evaluates it; the loop keeps its tile work.
std::optional<ir::Stmt> scalar_slice(const ir::For* loop, const ScalarSet& scalars);
// The scalars of `scalars` a store or fill of `s` assigns.
ScalarSet scalar_stores_in(const ir::Stmt& s, const ScalarSet& scalars);
// `s` without its stores and fills of `scalars`.
ir::Stmt drop_scalar_stores(const ir::Stmt& s, const ScalarSet& scalars);

// The buffers `s` writes (before lowering): stores, and the destinations of copies, fills,
// atomic adds, GEMMs (the accumulator) and reductions; what a scalar program must not read.
std::set<const ir::BufferNode*> buffers_written(const ir::Stmt& s);

}  // namespace tltt::passes
