// Pass B4b `hoist-vector-terms` (see passes.def, docs/sfpu.md): element-wise terms of a loop's
// tt.sfpu steps that depend only on broadcast vectors the loop never writes are computed once,
// on the vectors, before the loop.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Before B4b: B4's tt.sfpu trees. After: in every loop (not a parallel nest) whose extent is not
// the constant 1, a largest SFPU function subtree whose leaves are constants and broadcasts of
// one orientation (tile.bcast_col, or tile.bcast_row) of whole float32 vectors that only tt.sfpu
// steps in the loop read (nothing in the loop writes or copies them) becomes a broadcast of a new
// float32 vector of the same layout (DST's values exactly), computed by a tt.sfpu over the vectors
// just before the loop (the same subtree without the broadcasts; equal subtrees share one vector).
// Outer loops first, so a term is hoisted as far out as its vectors stay unwritten. Each hoist is a
// remark. Broadcasting commutes with element-wise functions, so every element gets the same value.
// Then, in every tt.sfpu tree, the operands of add, mul, max and min are swapped where that
// lowers the DST tiles the tree needs (a remark): D5 evaluates the first operand first.
ir::Module hoist_vector_terms(const ir::Module& m, PassContext& ctx);

// The operand ordering above over every tt.sfpu tree of `body` (operand_order.cc).
ir::Stmt order_commutative_operands(const ir::Stmt& body, PassContext& ctx);

}  // namespace tltt::passes
