// Structural equality of IR: same shapes, kinds, values, dtypes and attributes, with variables
// and buffers matched by their binding position (names of variables are ignored; locations are
// ignored).
#pragma once
#include <string>

#include "ir/ir.h"

namespace tltt::ir {

// On inequality, *why (if given) receives a short description of the first difference.
bool structural_equal(const Expr& a, const Expr& b, std::string* why = nullptr);
bool structural_equal(const Stmt& a, const Stmt& b, std::string* why = nullptr);
bool structural_equal(const PrimFunc& a, const PrimFunc& b, std::string* why = nullptr);
bool structural_equal(const Module& a, const Module& b, std::string* why = nullptr);

// Whether two regions cover the same ranges (structurally equal mins and extents on every axis),
// whatever their buffers.
bool same_ranges(const Region& a, const Region& b);

}  // namespace tltt::ir
