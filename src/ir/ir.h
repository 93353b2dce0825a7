// The tile IR: typed immutable expression and statement nodes (listed in ir_nodes.def), buffers,
// regions, functions and modules. Every node carries a Location; build nodes with T::make(...).
#pragma once
#include <string>
#include <vector>

#include "ir/attrs.h"
#include "ir/device_plan.h"
#include "ir/dtype.h"
#include "ir/ref.h"
#include "support/location.h"

namespace tltt::ir {

enum class NodeKind : uint8_t {
#define TLTT_IR_EXPR(Name) k##Name,
#define TLTT_IR_STMT(Name) k##Name,
#include "ir/ir_nodes.def"
};
const char* node_kind_name(NodeKind kind);

struct Node : Object {
  NodeKind kind{};
  Location loc;
};

struct ExprNode : Node {
  DataType dtype;
};
struct StmtNode : Node {};

class Expr : public Ref<const ExprNode> {
 public:
  using Ref::Ref;
  Expr(const Ref<const ExprNode>& r) : Ref(r) {}  // NOLINT
  // The node as a T when its kind matches, else nullptr.
  template <class T>
  const T* as() const {
    return get() && get()->kind == T::kKind ? static_cast<const T*>(get()) : nullptr;
  }
  DataType dtype() const { return get()->dtype; }
  const Location& loc() const { return get()->loc; }
};

class Stmt : public Ref<const StmtNode> {
 public:
  using Ref::Ref;
  Stmt(const Ref<const StmtNode>& r) : Ref(r) {}  // NOLINT
  template <class T>
  const T* as() const {
    return get() && get()->kind == T::kKind ? static_cast<const T*>(get()) : nullptr;
  }
  const Location& loc() const { return get()->loc; }
};

// ---------------------------------------------------------------------------------------------
// Operators.

#define TLTT_BINARY_OPS(X) \
  X(Add, "+")              \
  X(Sub, "-")              \
  X(Mul, "*")              \
  X(Div, "/")              \
  X(FloorDiv, "//")        \
  X(FloorMod, "%")         \
  X(CeilDiv, "ceildiv")    \
  X(Min, "min")            \
  X(Max, "max")            \
  X(BitAnd, "&")           \
  X(BitOr, "|")            \
  X(BitXor, "^")           \
  X(Shl, "<<")             \
  X(Shr, ">>")
enum class BinaryOp : uint8_t {
#define X(name, sym) k##name,
  TLTT_BINARY_OPS(X)
#undef X
};
const char* binary_op_symbol(BinaryOp op);

enum class UnaryOp : uint8_t { kNeg, kNot, kBitNot };
const char* unary_op_symbol(UnaryOp op);

enum class CompareOp : uint8_t { kEQ, kNE, kLT, kLE, kGT, kGE };
const char* compare_op_symbol(CompareOp op);

enum class LogicalOp : uint8_t { kAnd, kOr };
const char* logical_op_symbol(LogicalOp op);

// ---------------------------------------------------------------------------------------------
// Buffers and regions (referenced by identity from loads, stores and tile operations).

enum class MemScope : uint8_t { kGlobal, kShared, kFragment, kLocal, kVar, kCB };
const char* mem_scope_name(MemScope scope);
bool parse_mem_scope(const std::string& name, MemScope* out);

struct BufferNode : Object {
  std::string name;
  DataType dtype;
  std::vector<Expr> shape;
  MemScope scope = MemScope::kGlobal;
  Attrs attrs;
  Location loc;
};
class Buffer : public Ref<const BufferNode> {
 public:
  using Ref::Ref;
  static Buffer make(std::string name, DataType dtype, std::vector<Expr> shape, MemScope scope,
                     Attrs attrs = {}, Location loc = {});
  size_t rank() const { return get()->shape.size(); }
  // A new buffer (a different identity) with a changed scope or attributes.
  Buffer with_scope(MemScope scope) const;
  Buffer with_attrs(Attrs attrs) const;
};

struct Range {
  Expr min;
  Expr extent;
};

// A rectangular part of a buffer: one [min, min + extent) range per buffer axis.
struct Region {
  Buffer buffer;
  std::vector<Range> ranges;
  Location loc;
  // The whole buffer: [0, shape[i]) on every axis.
  static Region full(const Buffer& buffer, Location loc = {});
};

struct VariableNode;

// ---------------------------------------------------------------------------------------------
// Expressions.

#define TLTT_NODE_KIND(Name) static constexpr NodeKind kKind = NodeKind::k##Name

struct IntImm : ExprNode {
  TLTT_NODE_KIND(IntImm);
  int64_t value = 0;
  static Expr make(int64_t value, DataType dtype = DataType::int32(), Location loc = {});
};

struct FloatImm : ExprNode {
  TLTT_NODE_KIND(FloatImm);
  double value = 0;
  static Expr make(double value, DataType dtype = DataType::float32(), Location loc = {});
};

struct BoolImm : ExprNode {
  TLTT_NODE_KIND(BoolImm);
  bool value = false;
  static Expr make(bool value, Location loc = {});
};

struct StringImm : ExprNode {
  TLTT_NODE_KIND(StringImm);
  std::string value;
  static Expr make(std::string value, Location loc = {});
};

// A scalar variable; identity matters (two Variables with one name are different variables).
struct Variable : ExprNode {
  TLTT_NODE_KIND(Variable);
  std::string name;
  static Ref<const Variable> make(std::string name, DataType dtype = DataType::int32(),
                                  Location loc = {});
};
using Var = Ref<const Variable>;

struct Binary : ExprNode {
  TLTT_NODE_KIND(Binary);
  BinaryOp op{};
  Expr a, b;
  // Operands must have the same dtype; the result has it too.
  static Expr make(BinaryOp op, Expr a, Expr b, Location loc = {});
};

struct Unary : ExprNode {
  TLTT_NODE_KIND(Unary);
  UnaryOp op{};
  Expr a;
  static Expr make(UnaryOp op, Expr a, Location loc = {});
};

struct Compare : ExprNode {
  TLTT_NODE_KIND(Compare);
  CompareOp op{};
  Expr a, b;
  static Expr make(CompareOp op, Expr a, Expr b, Location loc = {});
};

struct Logical : ExprNode {
  TLTT_NODE_KIND(Logical);
  LogicalOp op{};
  Expr a, b;
  static Expr make(LogicalOp op, Expr a, Expr b, Location loc = {});
};

// `cond ? true_value : false_value` (T.if_then_else).
struct Select : ExprNode {
  TLTT_NODE_KIND(Select);
  Expr cond, true_value, false_value;
  static Expr make(Expr cond, Expr true_value, Expr false_value, Location loc = {});
};

struct Cast : ExprNode {
  TLTT_NODE_KIND(Cast);
  Expr value;
  static Expr make(DataType dtype, Expr value, Location loc = {});
};

// One element of a buffer.
struct BufferLoad : ExprNode {
  TLTT_NODE_KIND(BufferLoad);
  Buffer buffer;
  std::vector<Expr> indices;
  static Expr make(Buffer buffer, std::vector<Expr> indices, Location loc = {});
};

// The call a GPU-only kernel-language construct (a thread binding, barrier, TMA or tensor-memory
// operation, warp MMA, CUDA source, a tensor-core emitter's method, ...) parses into, so that the
// front end reads the whole kernel and the lowering names what it cannot lower. Its string
// attribute kGpuOnlyConstruct names the construct as written ("T.alloc_tmem"); kGpuOnlyUse, when
// set, names the construct that used a GPU-only value ("T.copy", "subscript", "store"). The
// same attribute on a KernelLaunch marks a GPU-only launch (T.ClusterKernel). A1 (infer-layout)
// rejects each construct with gpu_only_message().
inline constexpr const char* kGpuOnlyCall = "gpu_only";
inline constexpr const char* kGpuOnlyConstruct = "gpu_only";
inline constexpr const char* kGpuOnlyUse = "use";
inline std::string gpu_only_message(const std::string& construct) {
  return "'" + construct + "' is a GPU-only construct and has no Tenstorrent lowering";
}

// A named intrinsic or math function (exp2, rsqrt, tt.* ops, ...) with positional args and
// keyword attributes.
struct Call : ExprNode {
  TLTT_NODE_KIND(Call);
  std::string name;
  std::vector<Expr> args;
  Attrs attrs;
  static Expr make(DataType dtype, std::string name, std::vector<Expr> args, Attrs attrs = {},
                   Location loc = {});
};

// A buffer region used as a call operand (e.g. `tt.read_to_cb(region, "cb")` or a layout
// constructor's buffer argument). dtype is handle.
struct RegionRef : ExprNode {
  TLTT_NODE_KIND(RegionRef);
  Region region;
  static Expr make(Region region, Location loc = {});
};

// ---------------------------------------------------------------------------------------------
// Statements.

struct SeqStmt : StmtNode {
  TLTT_NODE_KIND(SeqStmt);
  std::vector<Stmt> stmts;
  // Flattens nested sequences; a single statement is returned as is.
  static Stmt make(std::vector<Stmt> stmts, Location loc = {});
};

// `with T.Kernel(e0[, e1[, e2]]) as (v0, v1, v2)`: a grid of blocks; vars[i] ranges over
// [0, extents[i]). attrs keep accepted launch options (threads, ...).
struct KernelLaunch : StmtNode {
  TLTT_NODE_KIND(KernelLaunch);
  std::vector<Expr> extents;
  std::vector<Var> vars;
  Attrs attrs;
  Stmt body;
  static Stmt make(std::vector<Expr> extents, std::vector<Var> vars, Attrs attrs, Stmt body,
                   Location loc = {});
};

// Allocates `buffer` (scope shared/fragment/local/var/cb) for the duration of `body`.
struct Allocate : StmtNode {
  TLTT_NODE_KIND(Allocate);
  Buffer buffer;
  Stmt body;
  static Stmt make(Buffer buffer, Stmt body, Location loc = {});
};

// `buffer` names the memory of `source` with its own shape and dtype for the duration of
// `body` (T.view, T.reshape, T.Tensor(shape, dtype, src.data)): both buffers are one storage, so
// a store through one is seen through the other. `construct` is the spelling used (for
// messages); buffer has source's scope.
struct BufferView : StmtNode {
  TLTT_NODE_KIND(BufferView);
  Buffer buffer;
  Buffer source;
  std::string construct;
  Stmt body;
  static Stmt make(Buffer buffer, Buffer source, std::string construct, Stmt body,
                   Location loc = {});
};

enum class ForKind : uint8_t {
  kSerial,
  kParallel,
  kPipelined,
  kUnrolled,
  kVectorized,
  kPersistent
};
const char* for_kind_name(ForKind kind);

// `for var in [min, min + extent)`. num_stages is meaningful for pipelined loops; other loop
// options (order, stage, coalesced_width, ...) live in attrs.
struct For : StmtNode {
  TLTT_NODE_KIND(For);
  Var var;
  Expr min, extent;
  ForKind for_kind = ForKind::kSerial;
  int64_t num_stages = 0;
  Attrs attrs;
  Stmt body;
  static Stmt make(Var var, Expr min, Expr extent, ForKind kind, Stmt body, int64_t num_stages = 0,
                   Attrs attrs = {}, Location loc = {});
};

// `while cond: body` on a kernel expression: a loop whose trip count is only known at run time.
struct While : StmtNode {
  TLTT_NODE_KIND(While);
  Expr cond;
  Stmt body;
  static Stmt make(Expr cond, Stmt body, Location loc = {});
};

struct BufferStore : StmtNode {
  TLTT_NODE_KIND(BufferStore);
  Buffer buffer;
  std::vector<Expr> indices;
  Expr value;
  static Stmt make(Buffer buffer, std::vector<Expr> indices, Expr value, Location loc = {});
};

struct LetStmt : StmtNode {
  TLTT_NODE_KIND(LetStmt);
  Var var;
  Expr value;
  Stmt body;
  static Stmt make(Var var, Expr value, Stmt body, Location loc = {});
};

struct IfThenElse : StmtNode {
  TLTT_NODE_KIND(IfThenElse);
  Expr cond;
  Stmt then_case;
  Stmt else_case;  // may be undefined
  static Stmt make(Expr cond, Stmt then_case, Stmt else_case = {}, Location loc = {});
};

struct Evaluate : StmtNode {
  TLTT_NODE_KIND(Evaluate);
  Expr value;
  static Stmt make(Expr value, Location loc = {});
};

// T.copy: element-wise copy src -> dst. Both regions have the same number of non-unit extents
// (singleton axes are dropped when matching shapes). attrs: coalesced_width, disable_tma, ...
struct Copy : StmtNode {
  TLTT_NODE_KIND(Copy);
  Region src, dst;
  Attrs attrs;
  static Stmt make(Region src, Region dst, Attrs attrs = {}, Location loc = {});
};

// T.gemm: c (+)= op(a) @ op(b); with clear_accum, c is zeroed first. attrs: policy, k_pack,
// wg_wait (accepted, ignored on Tenstorrent).
struct Gemm : StmtNode {
  TLTT_NODE_KIND(Gemm);
  Region a, b, c;
  bool transpose_a = false;
  bool transpose_b = false;
  bool clear_accum = false;
  Attrs attrs;
  static Stmt make(Region a, Region b, Region c, bool transpose_a, bool transpose_b,
                   bool clear_accum, Attrs attrs = {}, Location loc = {});
};

// T.fill / T.clear: every element of dst = value (value has dst's dtype).
struct Fill : StmtNode {
  TLTT_NODE_KIND(Fill);
  Region dst;
  Expr value;
  static Stmt make(Region dst, Expr value, Location loc = {});
};

enum class ReduceKind : uint8_t { kSum, kMax, kMin, kAbsSum, kAbsMax };
const char* reduce_kind_name(ReduceKind kind);

// T.reduce_<kind>(src, dst, dim, clear): reduce src along axis `dim` (normalised to be
// non-negative) into dst; without clear, the result is folded into dst's existing values.
struct Reduce : StmtNode {
  TLTT_NODE_KIND(Reduce);
  ReduceKind reduce_kind = ReduceKind::kSum;
  Region src, dst;
  int64_t dim = 0;
  bool clear = true;
  static Stmt make(ReduceKind kind, Region src, Region dst, int64_t dim, bool clear,
                   Location loc = {});
};

// T.atomic_add(dst, value): value is a scalar expression (dst a one-element region) or a
// RegionRef (tile form).
struct AtomicAdd : StmtNode {
  TLTT_NODE_KIND(AtomicAdd);
  Region dst;
  Expr value;
  Attrs attrs;
  static Stmt make(Region dst, Expr value, Attrs attrs = {}, Location loc = {});
};

// T.annotate_layout({buf: layout, ...}): a hint kept verbatim; layouts[i] is the layout
// expression (usually a Call, e.g. a Tenstorrent layout constructor with keyword attrs).
struct AnnotateLayout : StmtNode {
  TLTT_NODE_KIND(AnnotateLayout);
  std::vector<Buffer> buffers;
  std::vector<Expr> layouts;
  static Stmt make(std::vector<Buffer> buffers, std::vector<Expr> layouts, Location loc = {});
};

#undef TLTT_NODE_KIND

// ---------------------------------------------------------------------------------------------
// Functions and modules (plain values holding node references).

// A kernel parameter: a global buffer (T.Tensor) or a scalar.
struct Param {
  Buffer buffer;  // set for tensor parameters
  Var var;        // set for scalar parameters
  bool is_buffer() const { return buffer.defined(); }
  const std::string& name() const { return buffer.defined() ? buffer->name : var->name; }
};

struct PrimFunc {
  std::string name;
  std::vector<Param> params;
  Stmt body;
  // Function metadata: tl.out_idx / tl.outputs from the front end, tt.* from passes.
  Attrs attrs;
  Location loc;

  PrimFunc with_body(Stmt new_body) const;
  PrimFunc with_attr(const std::string& key, AttrValue value) const;
};

struct Module {
  std::vector<PrimFunc> functions;
  Attrs attrs;
  DevicePlan plan;  // what the pipeline decided about the device program
  const PrimFunc* find(const std::string& name) const;
};

// ---------------------------------------------------------------------------------------------
// Small helpers used by passes and the front end.

// The integer value of an IntImm, else nullopt.
std::optional<int64_t> as_const_int(const Expr& e);
// int32 constant.
inline Expr make_int(int64_t v, Location loc = {}) {
  return IntImm::make(v, DataType::int32(), loc);
}
// A zero of the given dtype (IntImm, FloatImm or BoolImm).
Expr make_zero(DataType dtype, Location loc = {});

}  // namespace tltt::ir
