// Building kernel expressions from the front end: TVM-like type promotion (int -> float, narrow
// -> wide), Python-literal conversion, constant folding and a small linear simplifier for region
// extents. User-level type problems raise UserError.
#pragma once
#include <optional>

#include "ir/ir.h"

namespace tltt::fe {

// The common type of a binary operation on a and b.
ir::DataType promote_types(ir::DataType a, ir::DataType b);
ir::Expr cast_to(const ir::Expr& e, ir::DataType t, const Location& loc);

ir::Expr make_binary(ir::BinaryOp op, ir::Expr a, ir::Expr b, const Location& loc);
ir::Expr make_compare(ir::CompareOp op, ir::Expr a, ir::Expr b, const Location& loc);
ir::Expr make_logical(ir::LogicalOp op, ir::Expr a, ir::Expr b, const Location& loc);
ir::Expr make_not(ir::Expr a, const Location& loc);
ir::Expr make_neg(ir::Expr a, const Location& loc);
ir::Expr make_select(ir::Expr cond, ir::Expr t, ir::Expr f, const Location& loc);
// Converts an expression used as a condition to bool (x != 0 for numbers).
ir::Expr as_condition(ir::Expr e, const Location& loc);

// Linear (sum of constant multiples) simplification of integer expressions; e.g.
// (bx + 1) * 64 - bx * 64 becomes 64.
ir::Expr simplify_linear(const ir::Expr& e);
// hi - lo, simplified.
ir::Expr simplified_difference(const ir::Expr& hi, const ir::Expr& lo, const Location& loc);

}  // namespace tltt::fe
