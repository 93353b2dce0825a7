// Compile-time values of the front end's interpreter: Python constants and containers, dtypes,
// kernel expressions and buffers, functions, and the objects TileLang calls return (loop and
// launch specifications, buffer types, prim_funcs).
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "ir/ir.h"

namespace tltt::fe {

class Env;
using EnvP = std::shared_ptr<Env>;
struct ModuleState;

enum class VK : uint8_t {
  kNone,
  kBool,
  kInt,
  kFloat,
  kStr,
  kTuple,
  kList,
  kDict,
  kSlice,          // a:b:c inside a subscript; items = {lo, hi, step} (None when absent)
  kDType,          // T.float16, "float16" is a kStr that converts on demand
  kExpr,           // a kernel expression (ir::Expr)
  kBuffer,         // a buffer (parameter or allocation)
  kBufferSlice,    // buffer[...] with at least one slice: a region
  kFunction,       // a user `def` (plain function, macro or jit factory)
  kBuiltin,        // a named builtin (T.copy, range, tilelang.jit, ...), maybe with bound args
  kModule,         // an imported module namespace (i > 0: the user module Interp::module(i))
  kPrimFunc,       // result of @T.prim_func (or of calling a jit factory)
  kLoopSpec,       // T.Parallel(...), T.Pipelined(...), range(...), ...
  kLaunchSpec,     // T.Kernel(...)
  kBufferType,     // T.Tensor(shape, dtype), T.SharedBuffer(...), T.int32 used as annotation
  kPendingTensor,  // eager-mode tensor parameter awaiting its `A: T.Tensor(...)` annotation
  kOpaque,         // something from a non-TileLang module (torch, ...): unusable at compile time
  kObject,         // an instance of a user class (@dataclass): attributes in items/values
  kClass,          // a user class definition (@dataclass): callable, builds a kObject
  // A value of a GPU-only construct (gpu_only.cc): s names it; made inside a kernel, expr is its
  // `gpu_only` call (or the variable it was assigned to) and bound holds the call's arguments.
  kGpuOnly,
};

struct FunctionPayload;
struct LoopSpec;
struct LaunchSpec;
struct BufferTypeSpec;
struct BoundBuiltin;

struct Value {
  VK kind = VK::kNone;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;              // kStr, kBuiltin / kModule / kOpaque qualified name
  std::vector<Value> items;   // tuple/list elements, dict keys, slice parts, buffer-slice axes
  std::vector<Value> values;  // dict values
  ir::DataType dtype;
  ir::Expr expr;
  ir::Buffer buffer;
  std::shared_ptr<const FunctionPayload> fn;
  std::shared_ptr<const LoopSpec> loop;
  std::shared_ptr<const LaunchSpec> launch;
  std::shared_ptr<const BufferTypeSpec> buffer_type;
  std::shared_ptr<const BoundBuiltin> bound;
  std::shared_ptr<const ir::PrimFunc> prim_func;

  static Value none() { return {}; }
  static Value boolean(bool v);
  static Value integer(int64_t v);
  static Value floating(double v);
  static Value str(std::string v);
  static Value tuple(std::vector<Value> items);
  static Value list(std::vector<Value> items);
  static Value dtype_value(ir::DataType t);
  static Value of_expr(ir::Expr e);
  static Value of_buffer(ir::Buffer b);
  static Value builtin(std::string name);
  static Value module(std::string name);
  static Value opaque(std::string what);

  bool is_number() const { return kind == VK::kInt || kind == VK::kFloat || kind == VK::kBool; }
  bool is_sequence() const { return kind == VK::kTuple || kind == VK::kList; }
};

// What kind of value a user for error messages ("int", "buffer", "T.Kernel", ...).
std::string type_name(const Value& v);
// A number (int, float or bool) as a double; anything else is a located user error.
double as_number(const Value& v, const Location& loc);
// Short human-readable rendering for error messages.
std::string show(const Value& v);

enum class FunctionKind : uint8_t { kPlain, kMacro, kJit };

struct FunctionPayload {
  std::shared_ptr<const ast::Stmt> def;
  EnvP closure;
  FunctionKind kind = FunctionKind::kPlain;
  // @tilelang.jit options.
  std::optional<std::vector<int64_t>> out_idx;
  // `pass_configs={...}`: the Tenstorrent keys become attributes of the kernel
  // (Interp::apply_pass_configs), checked where the kernel is built.
  std::optional<Value> pass_configs;
  Location pass_configs_loc;
  // @autotune(configs=...): the tuning space (a list of dicts, or a function returning one);
  // parameters not given explicitly come from its first config.
  std::optional<Value> autotune_configs;
  // functools.partial: arguments bound before the call's own.
  std::vector<Value> partial_args;
  std::vector<std::pair<std::string, Value>> partial_kwargs;
};

struct LoopSpec {
  ir::ForKind kind = ir::ForKind::kSerial;
  std::string construct;       // "T.Parallel", "range", ... (for messages)
  std::vector<ir::Expr> mins;  // one per loop variable
  std::vector<ir::Expr> extents;
  int64_t num_stages = 0;
  ir::Attrs attrs;
  // T.Persistent(domain, wave_size, index): when set, the loop visits the tiles of `extents`
  // (row-major) numbered index, index + wave_size, ... (one core's share of a persistent grid).
  ir::Expr wave_size, wave_index;
  // For `range` with plain Python ints: iterate at compile time when outside a kernel.
  bool python_range = false;
  int64_t start = 0, stop = 0, step = 1;
};

struct LaunchSpec {
  std::vector<ir::Expr> extents;
  bool no_grid = false;  // T.Kernel(): one block whose index is not bound to a name
  ir::Attrs attrs;
};

struct BufferTypeSpec {
  bool scalar = false;  // T.int32 / T.float32 annotation of a scalar parameter
  ir::DataType dtype;
  std::vector<ir::Expr> shape;
  ir::MemScope scope = ir::MemScope::kGlobal;
  std::string construct;  // "T.Tensor", "T.SharedBuffer", ...
};

// A builtin with arguments already applied, e.g. `tilelang.jit(out_idx=[-1])` used as decorator.
struct BoundBuiltin {
  std::vector<Value> args;
  std::vector<std::pair<std::string, Value>> kwargs;
};

// Lexical scope. The module scope resolves top-level names lazily (see Interp).
class Env {
 public:
  explicit Env(EnvP parent = nullptr) : parent_(std::move(parent)) {}
  const Value* lookup_local(const std::string& name) const {
    auto it = vars_.find(name);
    return it == vars_.end() ? nullptr : &it->second;
  }
  void set(const std::string& name, Value v) { vars_[name] = std::move(v); }
  void clear() { vars_.clear(); }
  const EnvP& parent() const { return parent_; }
  bool is_module = false;
  ModuleState* module = nullptr;  // the module this scope is the global scope of

 private:
  std::map<std::string, Value> vars_;
  EnvP parent_;
};

}  // namespace tltt::fe
