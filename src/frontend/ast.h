// Python-subset syntax tree produced by the parser and walked by the interpreter. Nodes are
// plain structs shared by pointer (macros and functions keep references to their bodies).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "support/location.h"

namespace tltt::fe::ast {

struct Expr;
struct Stmt;
using ExprP = std::shared_ptr<const Expr>;
using StmtP = std::shared_ptr<const Stmt>;
using Body = std::vector<StmtP>;

enum class ExprKind : uint8_t {
  kName,
  kInt,
  kFloat,
  kStr,
  kBool,
  kNone,
  kEllipsis,
  kBinOp,      // op in {+,-,*,/,//,%,**,@,&,|,^,<<,>>}
  kUnaryOp,    // op in {-,+,~,not}
  kBoolOp,     // op in {and, or}; elts are the operands
  kCompare,    // a, then ops[i] with elts[i]
  kCall,       // a(elts..., keywords...)
  kAttribute,  // a.name
  kSubscript,  // a[b]
  kSlice,      // a:b:c (each may be null)
  kTuple,
  kList,
  kDict,  // keys in elts, values in values
  kSet,
  kIfExp,     // a if b else c  (a = body, b = test, c = orelse)
  kLambda,    // `def` holds a synthetic function whose body returns the lambda's expression
  kListComp,  // [a for ...]; comprehensions in `comps`
  kDictComp,  // {a: b for ...}
  kStarred,   // *a
};

struct Keyword {
  std::string name;  // empty for **kwargs
  ExprP value;
  Location loc;
};

struct Comprehension {
  ExprP target;
  ExprP iter;
  std::vector<ExprP> ifs;
};

struct Expr {
  ExprKind kind;
  Location loc;
  std::string name;  // identifier, attribute name, string value, operator
  int64_t int_value = 0;
  bool int_overflow = false;
  double float_value = 0;
  bool bool_value = false;
  ExprP a, b, c;
  std::vector<ExprP> elts;
  std::vector<ExprP> values;
  std::vector<std::string> ops;
  std::vector<Keyword> keywords;
  std::vector<Comprehension> comps;
  StmtP def;  // kLambda
};

enum class StmtKind : uint8_t {
  kExpr,
  kAssign,     // targets[0] = targets[1] = ... = value
  kAugAssign,  // target op= value
  kAnnAssign,  // target: annotation [= value]
  kIf,
  kFor,
  kWhile,
  kWith,
  kFunctionDef,
  kClassDef,
  kReturn,
  kPass,
  kBreak,
  kContinue,
  kImport,
  kImportFrom,
  kGlobal,
  kDel,
  kAssert,
  kRaise,
  kTry,
};

struct Param {
  std::string name;
  ExprP annotation;
  ExprP default_value;
  enum Kind : uint8_t { kNormal, kVarArgs, kKwArgs, kKeywordOnlyMarker } kind = kNormal;
  Location loc;
};

struct WithItem {
  ExprP context;
  ExprP target;  // may be null
};

struct Alias {
  std::string name;   // dotted module path or imported name
  std::string alias;  // empty when absent
  Location loc;
};

struct Stmt {
  StmtKind kind;
  Location loc;
  std::vector<ExprP> targets;
  ExprP value;
  ExprP annotation;  // AnnAssign; also the test of If/While/Assert
  std::string op;    // AugAssign operator ("+", "-", ...)
  Body body;
  Body orelse;
  Body finalbody;  // Try: the `finally` block (its `except` handlers are not kept)
  std::vector<WithItem> items;
  // FunctionDef / ClassDef
  std::string name;
  std::vector<Param> params;
  std::vector<ExprP> decorators;
  // Import / ImportFrom / Global
  std::vector<Alias> names;
  std::string module;
  int level = 0;
};

}  // namespace tltt::fe::ast
