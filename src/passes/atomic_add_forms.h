// The forms of T.atomic_add that serialize_atomic_adds (atomic_add.h) lowers: matching one add
// (a whole on-chip block, or the element form over a T.Parallel nest) to a tensor region, and
// the statements the rewrite puts in its place.
#pragma once
#include <optional>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// One atomic add of a whole on-chip block to a tensor region.
struct TileAdd {
  const ir::StmtNode* stmt = nullptr;  // the AtomicAdd, or the outer loop of its T.Parallel nest
  const ir::AtomicAdd* op = nullptr;
  ir::Region dst;  // the tensor region
  ir::Buffer value;
  std::vector<const ir::For*> loops;  // the loops of the block around it, outer first
  bool guarded = false;               // under a condition of the block
  // A masked element form (`if k * bn + i < n: T.atomic_add(..)` in the nest) adds `value`, a
  // fragment that `prelude` fills with the masked elements (0 outside the mask).
  std::vector<ir::Stmt> prelude;
};

// What the error messages list as lowered.
extern const char* const kAtomicAddForms;

// The tile add of `op` (nest: its enclosing T.Parallel loops, outer first; stmt: the statement
// the rewrite replaces), or nullopt after a located error.
std::optional<TileAdd> tile_add(const ir::AtomicAdd* op, const std::vector<const ir::For*>& nest,
                                const ir::StmtNode* stmt, PassContext& ctx);

// The masked element form: `t` adds `cond ? value[i..] : 0` instead, a new fragment filled by a
// T.Parallel nest over `nest`'s variables (t.prelude).
void mask_tile_add(TileAdd& t, const ir::Expr& cond, const std::vector<const ir::For*>& nest);

// The first node of `s` that reads or writes `b` (other than as an atomic add's destination),
// or null.
const ir::Node* other_access(const ir::Stmt& s, const ir::Buffer& b);

// `sum[i..] = sum[i..] + value[i..]` over the whole block.
ir::Stmt add_block(const ir::Buffer& sum, const ir::Buffer& value, Location loc);

}  // namespace tltt::passes
