// The front end's interpreter: evaluates the factory level of a TileLang file as (a subset of)
// Python at compile time, and translates kernel bodies (@T.prim_func, eager kernels, @T.macro
// calls) into tile IR through a KernelBuilder.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontend/errors.h"
#include "frontend/kernel_builder.h"
#include "frontend/parser.h"
#include "frontend/value.h"
#include "ir/ir.h"
#include "support/diagnostics.h"

namespace tltt::fe {

// Thrown after diagnostics were reported, to unwind to the entry point.
struct Aborted {};

struct CallArgs {
  std::vector<Value> args;
  std::vector<Location> arg_locs;
  std::vector<std::pair<std::string, Value>> kwargs;
  std::vector<Location> kw_locs;
  Location loc;         // the whole call
  Location callee_loc;  // the called expression
};

// One Python module the interpreter reads: the kernel file, or a sibling module it imports.
// Top-level names resolve lazily (the last definition before the instantiation wins).
struct ModuleState {
  std::vector<TopLevelStmt> stmts;
  std::string path;  // file it was read from
  EnvP env;
  std::map<std::string, int> global_state;  // 1 = evaluating, 2 = done
  // `from X import name` of a user module: resolved on first use, so a helper module whose
  // unused parts cannot be evaluated never fails the compile.
  std::map<std::string, std::pair<ModuleState*, std::string>> lazy_imports;
  std::vector<ModuleState*> star_user;    // `from .common import *`
  std::vector<std::string> star_builtin;  // `from tilelang.autotuner import *`
  int index = 0;                          // Value::i of a module value naming it
};

// What the host-side Python sees of the environment.
struct HostOptions {
  std::string device = "wormhole_b0";    // device queries answer for it
  int num_sms = 64;                      // worker cores of the device
  std::vector<std::string> search_path;  // --path DIRs and TLTT_PATH entries for imports
  SourceManager* sources = nullptr;      // sibling modules are registered here
};

class Interp;
using BuiltinFn = std::function<Value(Interp&, CallArgs&)>;

// Name -> implementation of every builtin callable ("T.copy", "range", "tilelang.jit", ...).
std::map<std::string, BuiltinFn>& builtin_registry();
void register_python_builtins();
void register_tile_builtins();
void register_tileop_builtins();
void register_host_builtins();

// Per-call state of an eager `@tilelang.jit` kernel function.
struct EagerContext {
  std::string name;
  std::vector<ir::Param> params;              // tensor inputs (declaration order), then outputs
  std::vector<ir::Buffer> outputs;            // T.empty buffers
  std::map<std::string, Value> const_values;  // values for T.const symbols
  std::vector<ir::Stmt> stmts;                // kernel launches built so far
  bool has_kernel = false;
};

class Interp {
 public:
  Interp(DiagnosticEngine& diag, std::vector<TopLevelStmt> module, std::string_view file,
         HostOptions host = {});
  // Functions capture their defining scope and scopes hold functions: the reference cycles are
  // broken here by clearing every scope this interpreter created.
  ~Interp();
  Interp(const Interp&) = delete;
  Interp& operator=(const Interp&) = delete;
  EnvP make_env(EnvP parent);

  // ---- entry
  // Values for module constants, factory parameters or T.const symbols from --set.
  std::map<std::string, Value> overrides;
  // EntryOptions::symbolic_dynamic: unset T.dynamic symbols get probe sizes, in this order.
  bool symbolic_dynamic = false;
  std::vector<std::string> dynamic_symbols;
  // Index of the instantiation statement; top-level definitions after it are not preferred.
  size_t cutoff = SIZE_MAX;
  const std::vector<TopLevelStmt>& top_level() const { return module_; }
  EnvP module_env() const { return module_env_; }
  const HostOptions& host() const { return host_; }
  // The remark `frontend.gpu-hint` (shown with --remarks or --remarks=frontend): a GPU-only hint
  // that was accepted and ignored.
  void remark(const Location& loc, const std::string& message);
  ModuleState& module_state(int index) { return *modules_.at(index - 1); }
  // Calls `fn` with the first config of an @autotune tuning space, or nullopt.
  std::optional<Value> first_config(const FunctionPayload& fn, const Location& loc);
  // Names --set may give (factory parameters, T.const symbols, module constants).
  std::vector<std::string> settable_names(const std::string& entry_factory);

  // ---- evaluation
  Value eval(const ast::ExprP& e, const EnvP& env);
  Value call(const Value& callee, CallArgs& args);
  Value lookup(const std::string& name, const EnvP& env, const Location& loc);
  // Runs a function definition's body (plain function, macro or jit factory).
  Value call_function(const Value& fn, CallArgs& args);

  // ---- conversions (raise UserError with `what` in the message)
  ir::Expr to_expr(const Value& v, const Location& loc,
                   std::optional<ir::DataType> hint = std::nullopt);
  ir::DataType to_dtype(const Value& v, const Location& loc);
  int64_t to_int(const Value& v, const Location& loc, const std::string& what);
  bool to_bool(const Value& v, const Location& loc, const std::string& what);
  // A shape of positive integer extents; `allow_empty` also takes 0 (an on-chip placeholder
  // buffer that code skipped at compile time never touches; A1 rejects one that reaches it).
  std::vector<ir::Expr> to_shape(const Value& v, const Location& loc, bool allow_empty = false);
  bool truthy(const Value& v, const Location& loc);
  ir::Region to_region(const Value& v, const Location& loc, const std::string& what);

  // ---- kernel building
  KernelBuilder* builder() { return builder_; }
  // Errors unless inside a kernel body; `what` names the construct.
  KernelBuilder& require_kernel(const Location& loc, const std::string& what);
  EagerContext* eager() { return eager_.empty() ? nullptr : eager_.back(); }
  // The name being assigned by the statement under evaluation (`A_shared = T.alloc_shared(...)`).
  const std::string& name_hint() const { return name_hint_; }
  std::string fresh_buffer_name(const std::string& base);
  // Translates an @T.prim_func definition (evaluated in `closure`) into a PrimFunc.
  ir::PrimFunc translate_prim_func(const ast::Stmt& def, const EnvP& closure);

  // ---- GPU-only constructs (gpu_only.cc)
  // Whether a qualified builtin name ("T.alloc_tmem", "tilelang.cuda....") is a GPU-only construct.
  static bool gpu_only_name(const std::string& qualified);
  // The first GPU-only value in `v` (or in a container it is) / among a call's arguments.
  static const Value* find_gpu_only(const Value& v);
  static const Value* find_gpu_only(const CallArgs& args);
  // A call of the GPU-only `construct` (or, with `use`, of the builtin `use` given a GPU-only
  // value): inside a kernel its value carries the `gpu_only` call; outside, a host-side value.
  Value gpu_only_call(const std::string& construct, const CallArgs& args,
                      const std::string& use = "");
  // `obj[...]`, `obj[...] = v`, ...: a use of a GPU-only value by kernel code (host code: error).
  Value gpu_only_use(const Value& obj, std::vector<Value> operands, const std::string& use,
                     const Location& loc);
  // The kernel expression of a GPU-only value; a located error outside a kernel.
  ir::Expr gpu_only_expr(const Value& v, const Location& loc);
  // A GPU-only value as a kernel expression (an `if`/`while` condition); others unchanged.
  Value gpu_only_as_expr(const Value& v, const Location& loc) {
    return v.kind == VK::kGpuOnly ? Value::of_expr(gpu_only_expr(v, loc)) : v;
  }
  // `with T.ClusterKernel(...)`: a T.Kernel launch marked with the construct.
  Value gpu_only_launch(const Value& ctx, const Location& loc);
  [[noreturn]] static void gpu_only_error(const Value& v, const Location& loc);

  DiagnosticEngine& diag() { return diag_; }
  void step(const Location& loc);  // counts evaluation work; aborts runaway evaluation

 private:
  enum class Flow { kNormal, kReturn, kBreak, kContinue };

  DiagnosticEngine& diag_;
  std::vector<TopLevelStmt> module_;
  std::string_view file_;
  HostOptions host_;
  EnvP module_env_;
  std::vector<std::unique_ptr<ModuleState>> modules_;  // [0] is the kernel file
  std::vector<std::weak_ptr<Env>> envs_;
  KernelBuilder* builder_ = nullptr;
  std::vector<EagerContext*> eager_;
  std::string name_hint_;
  int call_depth_ = 0;
  int macro_depth_ = 0;  // > 0 while inlining a @T.macro body
  uint64_t steps_ = 0;
  Value return_value_;
  // The loops around the statement being run, innermost last: true for a kernel loop (an IR For
  // or While), false for a loop run at compile time (over a Python sequence, or a `while` whose
  // condition is known). `break`/`continue` leave a compile-time loop when run, and are kept in
  // the IR for a kernel loop (see exec_kernel_stmt).
  std::vector<bool> loops_;
  struct LoopScope {
    LoopScope(Interp& in, bool kernel_loop) : in(in) { in.loops_.push_back(kernel_loop); }
    ~LoopScope() { in.loops_.pop_back(); }
    LoopScope(const LoopScope&) = delete;
    LoopScope& operator=(const LoopScope&) = delete;
    Interp& in;
  };

  bool resolve_global(ModuleState& m, const std::string& name, const Location& loc);
  std::optional<Value> lookup_global(ModuleState& m, const std::string& name, const Location& loc);
  ModuleState* load_module(const std::string& dotted, int level, const ModuleState& from,
                           const Location& loc);
  void run_imports(ModuleState& m);
  Value define_class(const ast::Stmt& s, const EnvP& env);
  Value construct_object(const Value& cls, CallArgs& args);
  bool call_method(const ast::Expr& e, const EnvP& env, Value* result);
  Flow exec_block(const ast::Body& body, const EnvP& env);
  Flow exec_stmt(const ast::Stmt& s, const EnvP& env);
  Flow exec_kernel_stmt(const ast::Stmt& s, const EnvP& env);
  Flow exec_python_stmt(const ast::Stmt& s, const EnvP& env);
  void exec_import(const ast::Stmt& s, const EnvP& env);
  Value define_function(const ast::Stmt& s, const EnvP& env);
  void assign(const ast::ExprP& target, const Value& v, const EnvP& env, const Location& loc);
  void assign_kernel_name(const std::string& name, const Value& v, const EnvP& env,
                          const Location& loc);
  void store(const ast::Expr& target, const Value& v, const EnvP& env, const Location& loc);
  void augmented(const ast::Stmt& s, const EnvP& env);
  void exec_kernel_for(const ast::Stmt& s, const EnvP& env, const Value& iter);
  void exec_with(const ast::Stmt& s, const EnvP& env);
  ir::Stmt build_launch(const ast::Stmt& s, const EnvP& env, const Value& spec);
  void annotate_eager_tensor(const ast::Stmt& s, const EnvP& env);
  Value finish_eager(EagerContext& ctx, const Value& returned, const ast::Stmt& def,
                     const FunctionPayload& fn);
  Value attach_outputs(ir::PrimFunc f, const std::optional<std::vector<int64_t>>& out_idx,
                       const Location& loc, const std::string& factory);

 public:
  // The Tenstorrent compute options of `pass_configs` (docs/python.md) become attributes of `f`:
  // "tt.math_fidelity" (LoFi, HiFi2, HiFi3, HiFi4) and "tt.fp32_dest_acc_en" (bool). Other keys
  // (GPU pass options) are accepted and ignored; an unknown "tt." key or a bad value is an error
  // at `loc`.
  void apply_pass_configs(ir::PrimFunc& f, const Value& configs, const Location& loc);

 private:
  Value eval_binop(const std::string& op, const Value& a, const Value& b, const Location& loc);
  Value eval_unary(const std::string& op, const Value& a, const Location& loc);
  Value eval_compare(const std::string& op, const Value& a, const Value& b, const Location& loc);
  Value eval_attribute(const Value& obj, const std::string& name, const Location& loc);
  Value eval_subscript(const Value& obj, const Value& index, const ast::Expr& e,
                       const Location& loc);
  Value eval_call(const ast::Expr& e, const EnvP& env);
  Value eval_listcomp(const ast::Expr& e, const EnvP& env);
  void gpu_only_operand(const Value& v, const Location& loc, std::vector<ir::Expr>* out);
  void comp_loop(const ast::Expr& e, size_t level, const EnvP& env, std::vector<Value>* out);

 public:
  std::vector<Value> iterate(const Value& v, const Location& loc);
};

// Python `==` on compile-time values.
bool py_equal(const Value& a, const Value& b);
// d[k] = v on a dict value.
void dict_set(Value& d, const Value& k, const Value& v);
// `obj.name` for a method of a Python value (str.join, list.index, dict.items, ...): a builtin
// bound to `obj`, called through call_builtin_method.
Value method_value(const Value& obj, const std::string& name);
Value call_builtin_method(Interp& in, const Value& method, CallArgs& args);

// AutoTuner.from_kernel(...) tuners and the results of their run() (builtins_python.cc): bound
// builtins whose attributes and methods are answered here.
bool is_tuner_object(const Value& v);
Value tuner_attribute(const Value& obj, const std::string& name, const Location& loc);
Value call_tuner_method(Interp& in, const Value& self, const std::string& name, CallArgs& a);
// The kernel a tuner (compiled with its first config) or a tuning result stands for; nullopt
// for any other value.
std::optional<Value> tuned_kernel(Interp& in, const Value& v, const Location& loc);

// Canonical builtin name for a dotted path: "tilelang.language.copy" -> "T.copy".
std::string canonical_name(const std::string& dotted);

// Binds call arguments to a parameter list like {"src", "dst", "coalesced_width=None"}:
// returns one slot per parameter (unset when not given). Unknown keywords, missing required
// arguments and too many positionals are user errors naming `fname`.
std::vector<std::optional<Value>> bind_args(const CallArgs& args, const std::string& fname,
                                            const std::vector<std::string>& params,
                                            std::vector<Location>* locs = nullptr);

}  // namespace tltt::fe
