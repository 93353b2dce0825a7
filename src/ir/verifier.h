// IR well-formedness checks run after the front end and after every pass: variables and buffers
// used only in scope, index counts match buffer ranks, loop/launch/allocation rules, types, and
// every tt.* call against its declaration in tt_ops.def (arity, operand kinds, attributes).
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"

namespace tltt::ir {

struct VerifyError {
  Location loc;
  std::string message;
};

std::vector<VerifyError> verify(const PrimFunc& f);
std::vector<VerifyError> verify(const Module& m);

// "file:line:col: message" lines, for internal-error reports.
std::string format_verify_errors(const std::vector<VerifyError>& errors);

}  // namespace tltt::ir
