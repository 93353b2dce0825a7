// Deterministic text form of the tile IR, used for per-pass dumps (NN_<pass>.tir), golden tests
// and error messages. Variables and buffers that share a name print with _1, _2 suffixes.
#pragma once
#include <iosfwd>
#include <string>

#include "ir/ir.h"

namespace tltt::ir {

std::string print(const Module& m);
std::string print(const PrimFunc& f);
std::string print(const Stmt& s);
std::string print(const Expr& e);
std::string print(const Region& r);

std::ostream& operator<<(std::ostream& os, const Expr& e);
std::ostream& operator<<(std::ostream& os, const Stmt& s);

}  // namespace tltt::ir
