// Recursive-descent parser for the Python subset TileLang files use. The file is parsed one
// top-level statement at a time; a statement with syntax errors is kept as a failed entry so that
// code the compile never needs (tests, benchmarks) cannot make it fail.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"

namespace tltt::fe {

struct SyntaxError {
  Location loc;
  std::string message;
};

struct TopLevelStmt {
  ast::StmtP stmt;                  // null when the statement has syntax errors
  std::vector<SyntaxError> errors;  // every error found in it (recovery continues per statement)
  std::string defined_name;         // def/class name or first assigned name (for failed entries)
  bool decorated = false;
  std::string decorator_text;  // spelling of the decorator expressions, e.g. "tilelang.jit"
  Location loc;
};

std::vector<TopLevelStmt> parse_module(std::string_view source, std::string_view file);

// Parses a single expression (the --entry text). Errors are appended to *errors.
ast::ExprP parse_expression(std::string_view source, std::string_view file,
                            std::vector<SyntaxError>* errors);

}  // namespace tltt::fe
