// The declared op set of the lowered IR (tt_ops.def; the tt.* ops and the TT-Metalium calls
// passes match): the TtOp enum, one descriptor per op
// (spelling, stage, kernel role, operand kinds, typed attributes) and typed accessors generated
// from the table, so passes and codegen name ops and operands instead of matching strings and
// counting positions. The IR verifier checks every tt.* call against its descriptor.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.h"

namespace tltt::ir {

enum class TtOp {
#define TLTT_TT_OP(Id, spelling, stage, role, summary) k##Id,
#include "ir/tt_ops.def"
};

enum class TtStage { kProtocolLess, kProtocol, kFinal };
enum class TtRole { kReader, kCompute, kWriter, kAny };
enum class TtOperandKind { kCbIn, kCbOut, kRegion, kExpr, kConst };
enum class TtPresence { kRequired, kOptional };
enum class TtAttrType { kBool, kInt, kFloat, kString };

struct TtOperandInfo {
  const char* name;
  int position;  // < 0: from the last operand
  TtOperandKind kind;
  TtPresence presence;
};

struct TtAttrInfo {
  const char* name;
  TtAttrType type;
};

struct TtOpInfo {
  TtOp op;
  const char* spelling;
  TtStage stage;
  TtRole role;
  const char* summary;
  std::vector<TtOperandInfo> operands;  // the fixed operands, in table order
  std::optional<TtOperandInfo> variadic;
  std::vector<TtAttrInfo> attrs;
  bool template_args = false;    // may carry `template` (the SDK call's template arguments)
  const char* header = nullptr;  // the SDK header a compute kernel includes for it, if any
};

// Every op, in table order.
const std::vector<TtOpInfo>& tt_ops();
const TtOpInfo& tt_op_info(TtOp op);
const char* tt_op_name(TtOp op);
// The op a call spells, or nullopt for any other call (undeclared TT-Metalium API calls,
// tile.* trees).
std::optional<TtOp> tt_op_named(std::string_view name);
std::optional<TtOp> tt_op_of(const Call* c);
inline bool is_tt_op(const Call* c, TtOp op) { return c && tt_op_of(c) == op; }
// The tt op of an `Evaluate(Call)` statement, or nullopt.
std::optional<TtOp> tt_op_of_stmt(const Stmt& s);

// Operand `o` of the tt op call `c` (an undefined Expr when an optional one is absent).
const Expr& tt_operand(const Call* c, const TtOperandInfo& o);

// A call of `op`: an expression of type `dtype`, or a statement (Evaluate of a void call).
Expr tt_call(TtOp op, DataType dtype, std::vector<Expr> args, Attrs attrs = {}, Location loc = {});
Stmt tt_call_stmt(TtOp op, std::vector<Expr> args, Attrs attrs = {}, Location loc = {});

// What is wrong with `c` against its op's descriptor ("" when it conforms): arity, operand
// kinds, attribute types, undeclared attributes. Only for tt ops.
std::string tt_op_problem(const Call* c, TtOp op);

const char* tt_operand_kind_name(TtOperandKind k);
const char* tt_role_name(TtRole r);

namespace tt_detail {

// Operand `position` of `c` (from the end when negative); an undefined Expr when an optional
// operand is absent.
const Expr& operand(const Call* c, TtOp op, int position, TtPresence presence);
std::vector<Expr> variadic(const Call* c, TtOp op);
Buffer buffer_of(const Expr& e);
const Region* region_of(const Expr& e);

// Operand values by kind: CBs as their Buffer, tensor regions as the Region, others as Expr.
template <TtOperandKind K>
struct Operand {
  static const Expr& get(const Expr& e) { return e; }
};
template <>
struct Operand<TtOperandKind::kCbIn> {
  static Buffer get(const Expr& e) { return buffer_of(e); }
};
template <>
struct Operand<TtOperandKind::kCbOut> {
  static Buffer get(const Expr& e) { return buffer_of(e); }
};
template <>
struct Operand<TtOperandKind::kRegion> {
  static const Region* get(const Expr& e) { return region_of(e); }
};

template <TtAttrType T>
struct Attr;
template <>
struct Attr<TtAttrType::kBool> {
  static bool get(const Call* c, const char* key, bool d) { return c->attrs.get_bool(key, d); }
};
template <>
struct Attr<TtAttrType::kInt> {
  static int64_t get(const Call* c, const char* key, int64_t d) { return c->attrs.get_int(key, d); }
};
template <>
struct Attr<TtAttrType::kFloat> {
  static double get(const Call* c, const char* key, double d) { return c->attrs.get_float(key, d); }
};
template <>
struct Attr<TtAttrType::kString> {
  static std::string get(const Call* c, const char* key, const char* d) {
    return c->attrs.get_string(key, d);
  }
};

}  // namespace tt_detail

// Typed accessors, one namespace per op: tt::Matmul::c(call) is the accumulator's Buffer,
// tt::Matmul::c_arg(call) the operand expression itself, tt::Matmul::transpose_b(call) the
// attribute (its table default when unset). Calling them on another op is an internal error.
namespace tt {
#define TLTT_TT_OPERAND(Id, name, position, kind, presence)                       \
  namespace Id {                                                                  \
  inline const Expr& name##_arg(const Call* call) {                               \
    return tt_detail::operand(call, TtOp::k##Id, position, TtPresence::presence); \
  }                                                                               \
  inline auto name(const Call* call) {                                            \
    return tt_detail::Operand<TtOperandKind::kind>::get(name##_arg(call));        \
  }                                                                               \
  }
#define TLTT_TT_VARIADIC(Id, name, kind)                         \
  namespace Id {                                                 \
  inline std::vector<Expr> name##_args(const Call* call) {       \
    return tt_detail::variadic(call, TtOp::k##Id);               \
  }                                                              \
  inline std::vector<Buffer> name(const Call* call) {            \
    static_assert(TtOperandKind::kind == TtOperandKind::kCbIn || \
                  TtOperandKind::kind == TtOperandKind::kCbOut); \
    std::vector<Buffer> out;                                     \
    for (const Expr& e : name##_args(call)) {                    \
      out.push_back(tt_detail::buffer_of(e));                    \
    }                                                            \
    return out;                                                  \
  }                                                              \
  }
#define TLTT_TT_ATTR(Id, name, type, dflt)                            \
  namespace Id {                                                      \
  inline auto name(const Call* call) {                                \
    return tt_detail::Attr<TtAttrType::type>::get(call, #name, dflt); \
  }                                                                   \
  }
#include "ir/tt_ops.def"
}  // namespace tt

}  // namespace tltt::ir
