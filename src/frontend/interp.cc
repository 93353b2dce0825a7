// Interpreter core: environments and lazy module globals, statement execution at the factory
// (Python) level and in kernel bodies, function/macro/jit calls.
#include "frontend/interp.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "frontend/expr_ops.h"
#include "ir/call_names.h"
#include "ir/printer.h"
#include "support/source_manager.h"

namespace tltt::fe {

namespace {
constexpr uint64_t kMaxSteps = 2000000;
constexpr int kMaxCallDepth = 48;

// Names a top-level statement binds.
void bound_names(const ast::Expr& target, std::vector<std::string>* out) {
  if (target.kind == ast::ExprKind::kName) {
    out->push_back(target.name);
  } else if (target.kind == ast::ExprKind::kTuple || target.kind == ast::ExprKind::kList) {
    for (const auto& e : target.elts) {
      bound_names(*e, out);
    }
  }
}
// Eager kernels declare tensor parameters with a bare annotation `A: T.Tensor(...)` in the body.
bool annotated_in_body(const ast::Stmt& def, const std::string& name) {
  for (const auto& s : def.body) {
    if (s->kind == ast::StmtKind::kAnnAssign && !s->value &&
        s->targets[0]->kind == ast::ExprKind::kName && s->targets[0]->name == name) {
      return true;
    }
  }
  return false;
}
}  // namespace

std::map<std::string, BuiltinFn>& builtin_registry() {
  static std::map<std::string, BuiltinFn> registry;
  return registry;
}

Interp::Interp(DiagnosticEngine& diag, std::vector<TopLevelStmt> module, std::string_view file,
               HostOptions host)
    : diag_(diag), module_(std::move(module)), file_(file), host_(std::move(host)) {
  if (builtin_registry().empty()) {
    register_python_builtins();
    register_tile_builtins();
    register_tileop_builtins();
    register_host_builtins();
  }
  module_env_ = make_env(nullptr);
  module_env_->is_module = true;
  auto main = std::make_unique<ModuleState>();
  main->stmts = module_;
  main->path = std::string(file);
  main->env = module_env_;
  main->index = 1;
  module_env_->module = main.get();
  modules_.push_back(std::move(main));
  run_imports(*modules_[0]);
}

// Imports are cheap (user modules are parsed, their names resolved on use; unknown modules
// become opaque), so they run up front.
void Interp::run_imports(ModuleState& m) {
  for (const auto& t : m.stmts) {
    if (t.stmt &&
        (t.stmt->kind == ast::StmtKind::kImport || t.stmt->kind == ast::StmtKind::kImportFrom)) {
      try {
        exec_import(*t.stmt, m.env);
      } catch (const UserError&) {
        // An import that cannot be resolved only matters if a name from it is used.
      }
    }
  }
}

void Interp::remark(const Location& loc, const std::string& message) {
  diag_.remark(loc, "frontend", "gpu-hint") << message;
}

Interp::~Interp() {
  for (auto& w : envs_) {
    if (EnvP e = w.lock()) {
      e->clear();
    }
  }
}

EnvP Interp::make_env(EnvP parent) {
  EnvP e = std::make_shared<Env>(std::move(parent));
  envs_.push_back(e);
  return e;
}

void Interp::step(const Location& loc) {
  if (++steps_ > kMaxSteps) {
    user_error(loc, "compile-time evaluation does not terminate (step limit exceeded)");
  }
}

std::string Interp::fresh_buffer_name(const std::string& base) { return base; }

KernelBuilder& Interp::require_kernel(const Location& loc, const std::string& what) {
  if (builder_ == nullptr) {
    user_error(loc, what + " can only be used inside a kernel (a @T.prim_func body or T.Kernel)");
  }
  return *builder_;
}

// ------------------------------------------------------------------ names and globals

namespace {
// `if __name__ == "__main__":`: its body runs when the file is run as a script, which is how
// kernel files are run, so the names its own assignments bind are module globals a factory may
// read (as Python would find them).
bool is_main_guard(const ast::Stmt& s) {
  if (s.kind != ast::StmtKind::kIf || !s.annotation) {
    return false;
  }
  const ast::Expr& c = *s.annotation;
  return c.kind == ast::ExprKind::kCompare && c.ops.size() == 1 && c.ops[0] == "==" && c.a &&
         c.a->kind == ast::ExprKind::kName && c.a->name == "__name__" && c.elts.size() == 1 &&
         c.elts[0]->kind == ast::ExprKind::kStr && c.elts[0]->name == "__main__";
}
}  // namespace

bool Interp::resolve_global(ModuleState& m, const std::string& name, const Location& loc) {
  int& state = m.global_state[name];
  if (state == 1) {
    user_error(loc, "'" + name + "' is defined in terms of itself");
  }
  if (state == 2) {
    return m.env->lookup_local(name) != nullptr;
  }
  const std::vector<TopLevelStmt>& module_ = m.stmts;
  const size_t cutoff = m.index == 1 ? this->cutoff : SIZE_MAX;
  const EnvP& module_env_ = m.env;
  // The last definition before the instantiation (or the last one in the file).
  std::optional<size_t> before, any;
  std::map<size_t, const ast::Stmt*> in_main;  // a pick inside the main guard: the assignment
  for (size_t i = 0; i < module_.size(); ++i) {
    const auto& t = module_[i];
    std::vector<std::string> names;
    if (t.stmt && is_main_guard(*t.stmt)) {
      for (const auto& s : t.stmt->body) {
        std::vector<std::string> bound;
        if (s->kind == ast::StmtKind::kAssign) {
          for (const auto& tg : s->targets) {
            bound_names(*tg, &bound);
          }
        }
        if (std::find(bound.begin(), bound.end(), name) != bound.end()) {
          names.push_back(name);
          in_main[i] = s.get();
        }
      }
    } else if (t.stmt) {
      switch (t.stmt->kind) {
        case ast::StmtKind::kAssign:
          for (const auto& tg : t.stmt->targets) {
            bound_names(*tg, &names);
          }
          break;
        case ast::StmtKind::kAnnAssign:
          if (t.stmt->value) {
            bound_names(*t.stmt->targets[0], &names);
          }
          break;
        case ast::StmtKind::kFunctionDef:
        case ast::StmtKind::kClassDef:
          names.push_back(t.stmt->name);
          break;
        default:
          break;
      }
    } else if (!t.defined_name.empty()) {
      names.push_back(t.defined_name);
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      any = i;
      if (i < cutoff) {
        before = i;
      }
    }
  }
  std::optional<size_t> pick = before ? before : any;
  if (!pick) {
    state = 2;
    return false;
  }
  const TopLevelStmt& t = module_[*pick];
  const ast::Stmt* main_assign = in_main.count(*pick) ? in_main.at(*pick) : nullptr;
  if (!t.stmt) {
    for (const auto& e : t.errors) {
      diag_.error(e.loc) << e.message;
    }
    throw Aborted{};
  }
  state = 1;
  // Module-level code runs as Python, outside any kernel being built; the kernel's builder comes
  // back however this ends (an error here may be reported and execution go on).
  struct RestoreBuilder {
    KernelBuilder*& slot;
    KernelBuilder* saved;
    ~RestoreBuilder() { slot = saved; }
  } restore{builder_, builder_};
  builder_ = nullptr;
  switch (main_assign ? ast::StmtKind::kAssign : t.stmt->kind) {
    case ast::StmtKind::kFunctionDef:
      module_env_->set(name, define_function(*t.stmt, module_env_));
      break;
    case ast::StmtKind::kClassDef:
      module_env_->set(name, define_class(*t.stmt, module_env_));
      break;
    default:
      try {
        exec_python_stmt(main_assign ? *main_assign : *t.stmt, module_env_);
      } catch (...) {
        state = 0;
        throw;
      }
  }
  state = 2;
  return module_env_->lookup_local(name) != nullptr;
}

std::optional<Value> Interp::lookup_global(ModuleState& m, const std::string& name,
                                           const Location& loc) {
  if (m.index == 1) {
    auto ov = overrides.find(name);
    if (ov != overrides.end()) {
      return ov->second;
    }
  }
  if (const Value* v = m.env->lookup_local(name)) {
    return *v;
  }
  if (resolve_global(m, name, loc)) {
    return *m.env->lookup_local(name);
  }
  auto lazy = m.lazy_imports.find(name);
  if (lazy != m.lazy_imports.end()) {
    auto [from, attr] = lazy->second;
    if (auto v = lookup_global(*from, attr, loc)) {
      m.env->set(name, *v);
      return v;
    }
    user_error(loc, "cannot import name '" + attr + "' from '" + from->path + "'");
  }
  for (ModuleState* star : m.star_user) {
    if (star != &m) {
      if (auto v = lookup_global(*star, name, loc)) {
        return v;
      }
    }
  }
  for (const std::string& mod : m.star_builtin) {
    std::string full = canonical_name(mod + "." + name);
    if (builtin_registry().count(full)) {
      return Value::builtin(full);
    }
  }
  return std::nullopt;
}

Value Interp::lookup(const std::string& name, const EnvP& env, const Location& loc) {
  for (Env* e = env.get(); e != nullptr; e = e->parent().get()) {
    if (e->is_module) {
      if (auto v = lookup_global(*e->module, name, loc)) {
        return *v;
      }
      break;
    }
    if (const Value* v = e->lookup_local(name)) {
      return *v;
    }
  }
  if (builtin_registry().count(name)) {
    return Value::builtin(name);
  }
  for (const char* m : {"math", "itertools", "functools", "dataclasses", "operator"}) {
    if (name == m) {
      return Value::module(name);
    }
  }
  // Named as Python names it, so an error in the user's own code reads as one.
  user_error(loc, "name '" + name + "' is not defined (NameError)");
}

// A module of the user's own (a sibling file of the kernel, or a file on the search path).
ModuleState* Interp::load_module(const std::string& dotted, int level, const ModuleState& from,
                                 const Location& loc) {
  namespace fs = std::filesystem;
  std::string rel;
  for (char c : dotted) {
    rel += c == '.' ? '/' : c;
  }
  std::vector<fs::path> dirs;
  fs::path here = fs::path(from.path).parent_path();
  if (level > 0) {
    for (int i = 1; i < level; ++i) {
      here = here.parent_path();
    }
    dirs.push_back(here);
  } else {
    dirs.push_back(here);
    dirs.push_back(fs::path(modules_[0]->path).parent_path());
    for (const auto& d : host_.search_path) {
      dirs.emplace_back(d);
    }
  }
  for (const auto& d : dirs) {
    for (fs::path cand : {d / (rel + ".py"), d / rel / "__init__.py"}) {
      if (rel.empty()) {
        cand = d / "__init__.py";
      }
      std::error_code ec;
      if (!fs::is_regular_file(cand, ec)) {
        continue;
      }
      std::string key = fs::weakly_canonical(cand, ec).string();
      for (const auto& m : modules_) {
        if (m->path == key) {
          return m.get();
        }
      }
      if (host_.sources == nullptr) {
        return nullptr;
      }
      auto text = host_.sources->load_file(key);
      if (!text) {
        continue;
      }
      auto m = std::make_unique<ModuleState>();
      m->path = key;
      m->stmts = parse_module(*text, intern_file_name(key));
      m->env = make_env(nullptr);
      m->env->is_module = true;
      m->env->module = m.get();
      m->index = static_cast<int>(modules_.size()) + 1;
      ModuleState* raw = m.get();
      modules_.push_back(std::move(m));
      run_imports(*raw);
      return raw;
    }
  }
  (void)loc;
  return nullptr;
}

void Interp::exec_import(const ast::Stmt& s, const EnvP& env) {
  ModuleState* self = nullptr;
  for (Env* e = env.get(); e != nullptr; e = e->parent().get()) {
    if (e->is_module) {
      self = e->module;
    }
  }
  if (self == nullptr) {
    self = modules_[0].get();
  }
  if (s.kind == ast::StmtKind::kImport) {
    for (const auto& a : s.names) {
      ModuleState* user = load_module(a.name, 0, *self, a.loc);
      std::string top = a.name.substr(0, a.name.find('.'));
      if (user != nullptr && (!a.alias.empty() || top == a.name)) {
        Value v = Value::module(a.name);
        v.i = user->index;
        env->set(a.alias.empty() ? top : a.alias, v);
      } else if (!a.alias.empty()) {
        env->set(a.alias, Value::module(a.name));
      } else {
        env->set(top, Value::module(top));
      }
    }
    return;
  }
  ModuleState* user = load_module(s.module, s.level, *self, s.loc);
  for (const auto& a : s.names) {
    const std::string bound = a.alias.empty() ? a.name : a.alias;
    if (user != nullptr) {
      if (a.name == "*") {
        self->star_user.push_back(user);
      } else if (ModuleState* sub = load_module(s.module.empty() ? a.name : s.module + "." + a.name,
                                                s.level, *self, a.loc);
                 sub != nullptr && sub != user) {
        Value v = Value::module(a.name);
        v.i = sub->index;
        env->set(bound, v);
      } else if (env->is_module) {
        self->lazy_imports[bound] = {user, a.name};
      } else {
        auto v = lookup_global(*user, a.name, a.loc);
        if (!v) {
          user_error(a.loc, "cannot import name '" + a.name + "' from '" + user->path + "'");
        }
        env->set(bound, *v);
      }
      continue;
    }
    if (a.name == "*") {
      if (s.level == 0) {
        self->star_builtin.push_back(s.module);
      }
      continue;
    }
    Value v = eval_attribute(Value::module(s.module), a.name, a.loc);
    env->set(bound, v);
  }
}

// ------------------------------------------------------------------ statements

Interp::Flow Interp::exec_block(const ast::Body& body, const EnvP& env) {
  for (const auto& s : body) {
    if (builder_ != nullptr) {
      // Kernel bodies recover per statement so several errors are reported in one run.
      try {
        Flow f = exec_stmt(*s, env);
        if (f != Flow::kNormal) {
          return f;
        }
      } catch (const UserError& e) {
        diag_.error(e.loc) << e.message;
      }
      continue;
    }
    Flow f = exec_stmt(*s, env);
    if (f != Flow::kNormal) {
      return f;
    }
  }
  return Flow::kNormal;
}

Interp::Flow Interp::exec_stmt(const ast::Stmt& s, const EnvP& env) {
  step(s.loc);
  return builder_ != nullptr ? exec_kernel_stmt(s, env) : exec_python_stmt(s, env);
}

void Interp::assign(const ast::ExprP& target, const Value& v, const EnvP& env,
                    const Location& loc) {
  switch (target->kind) {
    case ast::ExprKind::kName:
      if (builder_ != nullptr) {
        assign_kernel_name(target->name, v, env, target->loc);
      } else {
        env->set(target->name, v);
      }
      return;
    case ast::ExprKind::kTuple:
    case ast::ExprKind::kList: {
      if (!v.is_sequence()) {
        user_error(loc, "cannot unpack a " + type_name(v) + " into " +
                            std::to_string(target->elts.size()) + " names");
      }
      if (v.items.size() != target->elts.size()) {
        user_error(loc, fmt::format("cannot unpack {} values into {} names", v.items.size(),
                                    target->elts.size()));
      }
      for (size_t i = 0; i < v.items.size(); ++i) {
        assign(target->elts[i], v.items[i], env, loc);
      }
      return;
    }
    case ast::ExprKind::kSubscript:
      store(*target, v, env, loc);
      return;
    case ast::ExprKind::kAttribute:
      // `self.x = v` on an object of a class of the file: the variable is rebound to the
      // updated object (compile-time values are immutable).
      if (target->a->kind == ast::ExprKind::kName) {
        const std::string& var = target->a->name;
        Value obj = lookup(var, env, target->a->loc);
        if (obj.kind == VK::kObject) {
          bool found = false;
          for (size_t i = 0; i < obj.items.size(); ++i) {
            if (obj.items[i].s == target->name) {
              obj.values[i] = v;
              found = true;
            }
          }
          if (!found) {
            obj.items.push_back(Value::str(target->name));
            obj.values.push_back(v);
          }
          for (Env* e = env.get(); e != nullptr; e = e->parent().get()) {
            if (e->lookup_local(var) != nullptr) {
              e->set(var, obj);
              return;
            }
          }
          env->set(var, obj);
          return;
        }
      }
      user_error(target->loc, "cannot assign to this expression");
    default:
      user_error(target->loc, "cannot assign to this expression");
  }
}

void Interp::assign_kernel_name(const std::string& name, const Value& v, const EnvP& env,
                                const Location& loc) {
  // Assigning to a T.alloc_var variable stores into it.
  const Value* existing = env->lookup_local(name);
  if (existing && existing->kind == VK::kBuffer && existing->buffer->scope == ir::MemScope::kVar &&
      v.kind != VK::kBuffer) {
    ir::Expr value =
        cast_to(to_expr(v, loc, existing->buffer->dtype), existing->buffer->dtype, loc);
    builder_->emit(ir::BufferStore::make(existing->buffer, {ir::make_int(0, loc)}, value, loc));
    return;
  }
  if (v.kind == VK::kGpuOnly && v.expr.defined() && v.expr.as<ir::Call>()) {
    // `tx = T.get_thread_binding()`: a variable bound to the GPU-only call, still GPU-only.
    ir::Var var = ir::Variable::make(name, v.expr.dtype(), loc);
    builder_->let(var, v.expr, loc);
    Value bound = v;
    bound.expr = var;
    env->set(name, bound);
    return;
  }
  if (v.kind == VK::kExpr) {
    const ir::Expr& e = v.expr;
    if (e.as<ir::IntImm>() || e.as<ir::FloatImm>() || e.as<ir::BoolImm>() || e.as<ir::Variable>() ||
        e.as<ir::StringImm>()) {
      env->set(name, v);
      return;
    }
    ir::Var var = ir::Variable::make(name, e.dtype(), loc);
    builder_->let(var, e, loc);
    env->set(name, Value::of_expr(var));
    return;
  }
  env->set(name, v);
}

void Interp::store(const ast::Expr& target, const Value& v, const EnvP& env, const Location& loc) {
  Value obj = eval(target.a, env);
  if (obj.kind == VK::kDict && builder_ == nullptr) {
    Value key = eval(target.b, env);
    Value d = obj;
    user_error(loc, "item assignment into a dict is not supported at compile time");
  }
  if (obj.kind == VK::kGpuOnly) {
    Value r = gpu_only_use(obj, {obj, eval(target.b, env), v}, "store", loc);
    builder_->emit(ir::Evaluate::make(r.expr, loc));
    return;
  }
  if (obj.kind != VK::kBuffer) {
    user_error(target.a->loc, "cannot assign into an element of a " + type_name(obj));
  }
  if (builder_ == nullptr) {
    user_error(loc, "buffer stores can only be used inside a kernel");
  }
  const ir::Buffer& buf = obj.buffer;
  Value index = eval(target.b, env);
  std::vector<Value> idx = index.kind == VK::kTuple ? index.items : std::vector<Value>{index};
  std::vector<ir::Expr> indices;
  for (const auto& i : idx) {
    if (i.kind == VK::kSlice) {
      user_error(target.b->loc,
                 "assignment to a buffer slice is not supported; use T.fill or T.copy");
    }
    ir::Expr e = to_expr(i, target.b->loc);
    if (!e.dtype().is_integer()) {
      user_error(target.b->loc, "buffer index must be an integer, not " + e.dtype().str());
    }
    indices.push_back(e);
  }
  if (indices.size() != buf.rank()) {
    user_error(target.loc,
               fmt::format("buffer '{}' has rank {} but is indexed with {} {}", buf->name,
                           buf.rank(), indices.size(), indices.size() == 1 ? "index" : "indices"));
  }
  ir::Expr value = cast_to(to_expr(v, loc, buf->dtype), buf->dtype, loc);
  builder_->emit(ir::BufferStore::make(buf, indices, value, loc));
}

void Interp::augmented(const ast::Stmt& s, const EnvP& env) {
  const ast::ExprP& target = s.targets[0];
  if (target->kind != ast::ExprKind::kName && target->kind != ast::ExprKind::kSubscript) {
    user_error(target->loc, "cannot use '" + s.op + "=' on this expression");
  }
  Value rhs = eval(s.value, env);
  Value cur = eval(target, env);
  if (cur.kind == VK::kBuffer && cur.buffer->scope == ir::MemScope::kVar) {
    cur = Value::of_expr(ir::BufferLoad::make(cur.buffer, {ir::make_int(0, s.loc)}, s.loc));
  }
  Value result = eval_binop(s.op, cur, rhs, s.loc);
  if (target->kind == ast::ExprKind::kName) {
    if (builder_ != nullptr) {
      assign_kernel_name(target->name, result, env, target->loc);
    } else {
      env->set(target->name, result);
    }
  } else {
    store(*target, result, env, s.loc);
  }
}

Value Interp::define_function(const ast::Stmt& s, const EnvP& env) {
  auto payload = std::make_shared<FunctionPayload>();
  payload->def = std::shared_ptr<const ast::Stmt>(std::shared_ptr<const ast::Stmt>{}, &s);
  payload->closure = env;
  Value fn;
  fn.kind = VK::kFunction;
  fn.fn = payload;
  // Decorators apply bottom-up.
  for (auto it = s.decorators.rbegin(); it != s.decorators.rend(); ++it) {
    Value dec = eval(*it, env);
    std::string name = dec.kind == VK::kBuiltin || dec.kind == VK::kOpaque ? dec.s : "";
    if (name == "T.prim_func") {
      if (fn.kind != VK::kFunction || fn.fn->kind != FunctionKind::kPlain) {
        user_error((*it)->loc, "@T.prim_func must be the innermost decorator");
      }
      Value pf;
      pf.kind = VK::kPrimFunc;
      pf.prim_func = std::make_shared<ir::PrimFunc>(translate_prim_func(s, env));
      fn = pf;
    } else if (name == "T.macro") {
      auto p = std::make_shared<FunctionPayload>(*fn.fn);
      p->kind = FunctionKind::kMacro;
      fn.fn = p;
    } else if (name == "tilelang.jit") {
      if (fn.kind != VK::kFunction) {
        user_error((*it)->loc, "@tilelang.jit must decorate a function");
      }
      auto p = std::make_shared<FunctionPayload>(*fn.fn);
      p->kind = FunctionKind::kJit;
      if (dec.bound) {
        for (const auto& [k, v] : dec.bound->kwargs) {
          if (k == "out_idx" && v.kind != VK::kNone) {
            std::vector<int64_t> idx;
            if (v.is_sequence()) {
              for (const auto& x : v.items) {
                idx.push_back(to_int(x, (*it)->loc, "out_idx"));
              }
            } else {
              idx.push_back(to_int(v, (*it)->loc, "out_idx"));
            }
            p->out_idx = idx;
          }
          if (k == "pass_configs" && v.kind != VK::kNone) {
            p->pass_configs = v;
            p->pass_configs_loc = (*it)->loc;
          }
        }
      }
      fn.fn = p;
    } else if (name == "tilelang.autotune" || name == "tilelang.autotuner.autotune") {
      // The explicit arguments (--entry/--set) are compiled; parameters they leave out come
      // from the first config of the tuning space.
      if (dec.bound && fn.kind == VK::kFunction) {
        for (const auto& [k, v] : dec.bound->kwargs) {
          if (k == "configs") {
            auto p = std::make_shared<FunctionPayload>(*fn.fn);
            p->autotune_configs = v;
            fn.fn = p;
          }
        }
      }
    } else if (name == "functools.wraps" || name == "functools.lru_cache" ||
               name == "functools.cache" || name.rfind("tilelang.testing.", 0) == 0 ||
               name.rfind("tilelang.tvm.testing.", 0) == 0 ||
               name.find("simplify_prim_func") != std::string::npos ||
               name == "dataclasses.dataclass") {
      // Caching/testing/simplification decorators do not change what is compiled.
    } else if (dec.kind == VK::kFunction) {
      CallArgs args;
      args.args.push_back(fn);
      args.arg_locs.push_back(s.loc);
      args.loc = (*it)->loc;
      fn = call_function(dec, args);
    } else {
      user_error((*it)->loc, "unsupported decorator " + type_name(dec));
    }
  }
  return fn;
}

Interp::Flow Interp::exec_python_stmt(const ast::Stmt& s, const EnvP& env) {
  switch (s.kind) {
    case ast::StmtKind::kExpr:
      eval(s.value, env);
      return Flow::kNormal;
    case ast::StmtKind::kAssign: {
      name_hint_ = s.targets.size() == 1 && s.targets[0]->kind == ast::ExprKind::kName
                       ? s.targets[0]->name
                       : "";
      Value v = eval(s.value, env);
      name_hint_.clear();
      for (const auto& t : s.targets) {
        assign(t, v, env, s.loc);
      }
      return Flow::kNormal;
    }
    case ast::StmtKind::kAugAssign:
      augmented(s, env);
      return Flow::kNormal;
    case ast::StmtKind::kAnnAssign:
      if (!s.value) {
        if (eager() != nullptr && s.targets[0]->kind == ast::ExprKind::kName) {
          annotate_eager_tensor(s, env);
        }
        return Flow::kNormal;
      }
      name_hint_ = s.targets[0]->kind == ast::ExprKind::kName ? s.targets[0]->name : "";
      {
        Value v = eval(s.value, env);
        name_hint_.clear();
        assign(s.targets[0], v, env, s.loc);
      }
      return Flow::kNormal;
    case ast::StmtKind::kIf:
      if (truthy(eval(s.annotation, env), s.annotation->loc)) {
        return exec_block(s.body, env);
      }
      return exec_block(s.orelse, env);
    case ast::StmtKind::kFor: {
      Value it = eval(s.value, env);
      LoopScope loop(*this, false);
      for (const Value& item : iterate(it, s.value->loc)) {
        step(s.loc);
        assign(s.targets[0], item, env, s.loc);
        Flow f = exec_block(s.body, env);
        if (f == Flow::kBreak) {
          return Flow::kNormal;
        }
        if (f == Flow::kReturn) {
          return f;
        }
      }
      return exec_block(s.orelse, env);
    }
    case ast::StmtKind::kWhile: {
      LoopScope loop(*this, false);
      while (truthy(eval(s.annotation, env), s.annotation->loc)) {
        step(s.loc);
        Flow f = exec_block(s.body, env);
        if (f == Flow::kBreak) {
          return Flow::kNormal;
        }
        if (f == Flow::kReturn) {
          return f;
        }
      }
      return exec_block(s.orelse, env);
    }
    case ast::StmtKind::kWith:
      exec_with(s, env);
      return Flow::kNormal;
    case ast::StmtKind::kFunctionDef:
      env->set(s.name, define_function(s, env));
      return Flow::kNormal;
    case ast::StmtKind::kReturn:
      return_value_ = s.value ? eval(s.value, env) : Value::none();
      return Flow::kReturn;
    case ast::StmtKind::kPass:
    case ast::StmtKind::kGlobal:
    case ast::StmtKind::kDel:
      return Flow::kNormal;
    case ast::StmtKind::kBreak:
      return Flow::kBreak;
    case ast::StmtKind::kContinue:
      return Flow::kContinue;
    case ast::StmtKind::kImport:
    case ast::StmtKind::kImportFrom:
      exec_import(s, env);
      return Flow::kNormal;
    case ast::StmtKind::kAssert:
      if (!truthy(eval(s.annotation, env), s.annotation->loc)) {
        std::string msg = "assertion failed";
        if (s.value) {
          Value m = eval(s.value, env);
          msg += ": " + (m.kind == VK::kStr ? m.s : show(m));
        }
        user_error(s.loc, msg);
      }
      return Flow::kNormal;
    case ast::StmtKind::kRaise:
      user_error(s.loc, "'raise' reached during compile-time evaluation");
    case ast::StmtKind::kTry: {
      // The compile-time interpreter raises no Python exceptions (an error is a compile error),
      // so the `except` handlers never run: the body, then `else`, then `finally`.
      Flow f = exec_block(s.body, env);
      if (f == Flow::kNormal) {
        f = exec_block(s.orelse, env);
      }
      Flow fin = exec_block(s.finalbody, env);
      return fin != Flow::kNormal ? fin : f;
    }
    case ast::StmtKind::kClassDef:
      env->set(s.name, define_class(s, env));
      return Flow::kNormal;
  }
  return Flow::kNormal;
}

Interp::Flow Interp::exec_kernel_stmt(const ast::Stmt& s, const EnvP& env) {
  switch (s.kind) {
    case ast::StmtKind::kExpr: {
      Value v = eval(s.value, env);
      if (v.kind == VK::kGpuOnly) {
        builder_->emit(ir::Evaluate::make(to_expr(v, s.loc), s.loc));  // T.sync_threads(), ...
      }
      return Flow::kNormal;
    }
    case ast::StmtKind::kAssign:
    case ast::StmtKind::kAugAssign:
    case ast::StmtKind::kFunctionDef:
    case ast::StmtKind::kPass:
    case ast::StmtKind::kImport:
    case ast::StmtKind::kImportFrom:
    case ast::StmtKind::kAssert:
      return exec_python_stmt(s, env);
    case ast::StmtKind::kAnnAssign: {
      if (!s.value) {
        user_error(s.loc, "a declaration without a value is not supported inside a kernel");
      }
      if (s.targets[0]->kind != ast::ExprKind::kName) {
        user_error(s.targets[0]->loc, "annotated assignment needs a plain name");
      }
      Value ann = eval(s.annotation, env);
      Value v = eval(s.value, env);
      if (ann.kind == VK::kDType || (ann.kind == VK::kBufferType && ann.buffer_type->scalar)) {
        ir::DataType t = ann.kind == VK::kDType ? ann.dtype : ann.buffer_type->dtype;
        v = Value::of_expr(cast_to(to_expr(v, s.loc, t), t, s.loc));
      }
      assign_kernel_name(s.targets[0]->name, v, env, s.targets[0]->loc);
      return Flow::kNormal;
    }
    case ast::StmtKind::kIf: {
      Value c = gpu_only_as_expr(eval(s.annotation, env), s.annotation->loc);
      if (c.kind == VK::kExpr) {
        ir::Expr cond = as_condition(c.expr, s.annotation->loc);
        if (const auto* b = cond.as<ir::BoolImm>()) {
          return exec_block(b->value ? s.body : s.orelse, env);
        }
        builder_->open();
        Flow f1 = exec_block(s.body, env);
        ir::Stmt then_case = builder_->close(s.loc);
        ir::Stmt else_case;
        Flow f2 = Flow::kNormal;
        if (!s.orelse.empty()) {
          builder_->open();
          f2 = exec_block(s.orelse, env);
          else_case = builder_->close(s.orelse[0]->loc);
        }
        if (f1 != Flow::kNormal || f2 != Flow::kNormal) {
          user_error(s.loc, "'return' inside an 'if' on a kernel expression is not supported");
        }
        builder_->emit(ir::IfThenElse::make(cond, then_case, else_case, s.loc));
        return Flow::kNormal;
      }
      return exec_block(truthy(c, s.annotation->loc) ? s.body : s.orelse, env);
    }
    case ast::StmtKind::kFor: {
      Value it = eval(s.value, env);
      if (it.kind == VK::kLoopSpec || it.kind == VK::kGpuOnly) {
        exec_kernel_for(s, env, it);
        return Flow::kNormal;
      }
      // Iterating a Python sequence inside a kernel unrolls at compile time.
      return exec_python_stmt(s, env);
    }
    case ast::StmtKind::kWith:
      exec_with(s, env);
      return Flow::kNormal;
    case ast::StmtKind::kReturn:
      if (macro_depth_ == 0 && s.value) {
        user_error(s.loc, "a kernel body cannot return a value");
      }
      return_value_ = s.value ? eval(s.value, env) : Value::none();
      return Flow::kReturn;
    case ast::StmtKind::kWhile:
      // A condition known at compile time runs the loop at compile time (as a Python `if` or a
      // `for` over a Python sequence does); a condition only known when the kernel runs (a
      // buffer element, a block index) becomes a While statement whose body is translated once.
      for (;;) {
        Value c = gpu_only_as_expr(eval(s.annotation, env), s.annotation->loc);
        bool go;
        if (c.kind == VK::kExpr) {
          ir::Expr cond = as_condition(c.expr, s.annotation->loc);
          const auto* b = cond.as<ir::BoolImm>();
          if (!b) {
            builder_->open();
            LoopScope loop(*this, true);
            Flow f = exec_block(s.body, env);
            ir::Stmt body = builder_->close(s.loc);
            if (f == Flow::kReturn) {
              user_error(s.loc,
                         "'return' inside a 'while' on a kernel expression is not supported");
            }
            builder_->emit(ir::While::make(cond, body, s.loc));
            break;
          }
          go = b->value;
        } else {
          go = truthy(c, s.annotation->loc);
        }
        if (!go) {
          break;
        }
        step(s.loc);
        LoopScope loop(*this, false);
        Flow f = exec_block(s.body, env);
        if (f == Flow::kReturn) {
          return Flow::kReturn;
        }
        if (f == Flow::kBreak) {
          return Flow::kNormal;  // a compile-time loop's break skips its `else`, as in Python
        }
      }
      return exec_block(s.orelse, env);
    case ast::StmtKind::kBreak:
    case ast::StmtKind::kContinue: {
      bool brk = s.kind == ast::StmtKind::kBreak;
      if (loops_.empty()) {
        user_error(s.loc, std::string(brk ? "'break'" : "'continue'") + " outside a loop");
      }
      if (!loops_.back()) {
        return brk ? Flow::kBreak : Flow::kContinue;  // leaves a loop run at compile time
      }
      // An early exit from a kernel loop: kept as a call so the kernel parses; A1 rejects it
      // until loops with data-dependent exits have a lowering.
      builder_->emit(ir::Evaluate::make(
          ir::Call::make(ir::DataType::void_type(),
                         brk ? ir::kLoopBreakCall : ir::kLoopContinueCall, {}, {}, s.loc),
          s.loc));
      return Flow::kNormal;
    }
    case ast::StmtKind::kTry:
      user_error(s.loc, "'try' is not supported in kernels");
    case ast::StmtKind::kClassDef:
      user_error(s.loc, "class definitions are not supported in kernels");
    case ast::StmtKind::kRaise:
      user_error(s.loc, "'raise' is not supported in kernels");
    case ast::StmtKind::kGlobal:
      user_error(s.loc, "'global' is not supported in kernels");
    case ast::StmtKind::kDel:
      user_error(s.loc, "'del' is not supported in kernels");
  }
  return Flow::kNormal;
}

namespace {
void target_names(const ast::ExprP& t, std::vector<std::pair<std::string, Location>>* out) {
  if (t->kind == ast::ExprKind::kName) {
    out->push_back({t->name, t->loc});
  } else if (t->kind == ast::ExprKind::kTuple || t->kind == ast::ExprKind::kList) {
    for (const auto& e : t->elts) {
      if (e->kind != ast::ExprKind::kName) {
        user_error(e->loc, "loop and kernel variables must be plain names");
      }
      out->push_back({e->name, e->loc});
    }
  } else {
    user_error(t->loc, "loop and kernel variables must be plain names");
  }
}

// T.Persistent in existing IR: a serial loop over this core's waves; wave w handles tile
// w * wave_size + index of the row-major tile order when that tile exists, its coordinates bound
// to the loop's names by lets.
ir::Stmt persistent_loop(const LoopSpec& spec, const std::vector<ir::Var>& vars, ir::Stmt body,
                         const Location& loc) {
  using ir::BinaryOp;
  ir::Expr count = spec.extents[0];
  for (size_t i = 1; i < spec.extents.size(); ++i) {
    count = make_binary(BinaryOp::kMul, count, spec.extents[i], loc);
  }
  ir::Var wave = ir::Variable::make("wave", ir::DataType::int32(), loc);
  ir::Var tile = ir::Variable::make("tile", ir::DataType::int32(), loc);
  ir::Expr stride = ir::make_int(1, loc);
  for (size_t k = vars.size(); k-- > 0;) {
    ir::Expr coord = make_binary(BinaryOp::kFloorDiv, tile, stride, loc);
    if (k > 0) {
      coord = make_binary(BinaryOp::kFloorMod, coord, spec.extents[k], loc);
    }
    body = ir::LetStmt::make(vars[k], coord, body, loc);
    stride = make_binary(BinaryOp::kMul, stride, spec.extents[k], loc);
  }
  body = ir::IfThenElse::make(make_compare(ir::CompareOp::kLT, tile, count, loc), body, {}, loc);
  ir::Expr first = make_binary(
      BinaryOp::kAdd, make_binary(BinaryOp::kMul, wave, spec.wave_size, loc), spec.wave_index, loc);
  body = ir::LetStmt::make(tile, first, body, loc);
  ir::Expr waves = make_binary(BinaryOp::kCeilDiv, count, spec.wave_size, loc);
  return ir::For::make(wave, ir::make_int(0, loc), waves, ir::ForKind::kSerial, body, 0, {}, loc);
}
}  // namespace

void Interp::exec_kernel_for(const ast::Stmt& s, const EnvP& env, const Value& iter) {
  if (!s.orelse.empty()) {
    user_error(s.orelse[0]->loc, "'for ... else' is not supported in kernels");
  }
  std::vector<std::pair<std::string, Location>> names;
  target_names(s.targets[0], &names);
  if (iter.kind == VK::kGpuOnly) {
    // A loop over a GPU-only range (a thread binding, an iket range): one loop variable per name
    // bound, with the GPU-only value as its extent.
    auto gpu = std::make_shared<LoopSpec>();
    gpu->construct = iter.s;
    for (size_t i = 0; i < names.size(); ++i) {
      gpu->mins.push_back(ir::make_int(0, s.loc));
      gpu->extents.push_back(to_expr(iter, s.value->loc));
    }
    Value loop;
    loop.kind = VK::kLoopSpec;
    loop.loop = gpu;
    exec_kernel_for(s, env, loop);
    return;
  }
  const LoopSpec& spec = *iter.loop;
  std::vector<ir::Expr> mins = spec.mins, extents = spec.extents;
  int64_t step_value = 1;
  if (spec.python_range) {
    step_value = spec.step;
  }
  if (names.size() != extents.size()) {
    user_error(s.targets[0]->loc,
               fmt::format("{} has {} dimension{} but the loop binds {} name{}", spec.construct,
                           extents.size(), extents.size() == 1 ? "" : "s", names.size(),
                           names.size() == 1 ? "" : "s"));
  }
  std::vector<ir::Var> vars;
  for (size_t i = 0; i < names.size(); ++i) {
    ir::Var v = ir::Variable::make(names[i].first, ir::DataType::int32(), names[i].second);
    vars.push_back(v);
    if (step_value != 1) {
      // range(a, b, s): iterate k over [0, extent) and expose a + k * s.
      ir::Expr idx = make_binary(
          ir::BinaryOp::kAdd, mins[i],
          make_binary(ir::BinaryOp::kMul, v, ir::make_int(step_value, s.loc), s.loc), s.loc);
      env->set(names[i].first, Value::of_expr(idx));
    } else {
      env->set(names[i].first, Value::of_expr(v));
    }
  }
  builder_->open();
  Flow f;
  {
    LoopScope loop(*this, true);
    f = exec_block(s.body, env);
  }
  ir::Stmt body = builder_->close(s.loc);
  if (f == Flow::kReturn) {
    user_error(s.loc, "'return' inside a kernel loop is not supported");
  }
  // A loop over an empty range (an extent known to be 0 or less) runs no iteration: its body is
  // translated (so its errors are reported) and dropped.
  if (std::any_of(extents.begin(), extents.end(), [](const ir::Expr& e) {
        auto c = ir::as_const_int(e);
        return c && *c <= 0;
      })) {
    return;
  }
  if (spec.wave_size.defined()) {
    builder_->emit(persistent_loop(spec, vars, body, s.loc));
    return;
  }
  for (size_t k = vars.size(); k-- > 0;) {
    ir::Expr mn = step_value != 1 ? ir::make_int(0, s.loc) : mins[k];
    body = ir::For::make(vars[k], mn, extents[k], spec.kind, body,
                         spec.kind == ir::ForKind::kPipelined ? spec.num_stages : 0, spec.attrs,
                         s.loc);
  }
  builder_->emit(body);
}

void Interp::exec_with(const ast::Stmt& s, const EnvP& env) {
  // The parser gives every context its own statement (s.items has one item).
  Value ctx = eval(s.items[0].context, env);
  if (ctx.kind == VK::kGpuOnly) {
    if (builder_ == nullptr || builder_->launch_depth == 0) {
      ctx = gpu_only_launch(ctx, s.items[0].context->loc);  // T.ClusterKernel(...)
    } else {
      // `with T.ws(1):` inside a launch (a body only some GPU threads run): the construct as a
      // statement, then the body in the enclosing scope (names it assigns stay visible after it,
      // as in Python).
      if (s.items[0].target) {
        assign(s.items[0].target, ctx, env, s.items[0].target->loc);
      }
      builder_->emit(ir::Evaluate::make(to_expr(ctx, s.items[0].context->loc), s.loc));
      exec_block(s.body, env);
      return;
    }
  }
  if (ctx.kind != VK::kLaunchSpec) {
    user_error(s.items[0].context->loc,
               "'with' is only supported for T.Kernel(...), not " + type_name(ctx));
  }
  if (builder_ != nullptr) {
    builder_->emit(build_launch(s, env, ctx));
    return;
  }
  EagerContext* ectx = eager();
  if (ectx == nullptr) {
    user_error(s.loc,
               "T.Kernel can only be used in a @T.prim_func or an eager @tilelang.jit "
               "kernel function");
  }
  KernelBuilder kb;
  builder_ = &kb;
  kb.open();
  try {
    kb.emit(build_launch(s, env, ctx));
  } catch (...) {
    builder_ = nullptr;
    throw;
  }
  builder_ = nullptr;
  ectx->stmts.push_back(kb.close(s.loc));
  ectx->has_kernel = true;
}

ir::Stmt Interp::build_launch(const ast::Stmt& s, const EnvP& env, const Value& spec) {
  if (builder_->launch_depth > 0) {
    user_error(s.items[0].context->loc, "T.Kernel cannot be nested inside another T.Kernel");
  }
  const LaunchSpec& launch = *spec.launch;
  std::vector<std::pair<std::string, Location>> names;
  if (launch.no_grid) {
    if (s.items[0].target) {
      user_error(s.items[0].target->loc, "T.Kernel() has no grid dimensions to bind");
    }
  } else if (s.items[0].target) {
    target_names(s.items[0].target, &names);
  } else {
    static const char* kDefault[] = {"bx", "by", "bz"};
    for (size_t i = 0; i < launch.extents.size(); ++i) {
      names.push_back({kDefault[i], s.loc});
    }
  }
  if (!launch.no_grid && names.size() != launch.extents.size()) {
    user_error(s.items[0].target->loc,
               fmt::format("T.Kernel has {} grid dimension{} but binds {} name{}",
                           launch.extents.size(), launch.extents.size() == 1 ? "" : "s",
                           names.size(), names.size() == 1 ? "" : "s"));
  }
  std::vector<ir::Var> vars;
  for (const auto& [name, loc] : names) {
    vars.push_back(ir::Variable::make(name, ir::DataType::int32(), loc));
    env->set(name, Value::of_expr(vars.back()));
  }
  if (launch.no_grid) {
    vars.push_back(ir::Variable::make("bx", ir::DataType::int32(), s.loc));  // not visible
  }
  builder_->launch_depth++;
  builder_->open();
  exec_block(s.body, env);
  ir::Stmt body = builder_->close(s.loc);
  builder_->launch_depth--;
  return ir::KernelLaunch::make(launch.extents, vars, launch.attrs, body, s.loc);
}

void Interp::annotate_eager_tensor(const ast::Stmt& s, const EnvP& env) {
  const std::string& name = s.targets[0]->name;
  Value ann = eval(s.annotation, env);
  if (ann.kind != VK::kBufferType || ann.buffer_type->scalar) {
    return;  // a plain Python annotation
  }
  const BufferTypeSpec& bt = *ann.buffer_type;
  if (bt.scope != ir::MemScope::kGlobal) {
    user_error(s.annotation->loc, "tensor parameter '" + name +
                                      "' must be annotated with "
                                      "T.Tensor or T.Buffer, not " +
                                      bt.construct);
  }
  // The annotation declares a kernel tensor named `name`; a host value bound to the name before
  // (`K = dim`, then `K: T.Tensor(...)`) is shadowed from here on, as TileLang's eager mode does.
  // Declaring one tensor twice is an error.
  const Value* cur = env->lookup_local(name);
  if (cur && cur->kind == VK::kBuffer) {
    user_error(s.targets[0]->loc,
               "'" + name + "' is already a tensor parameter; a tensor is declared once");
  }
  ir::Buffer buf =
      ir::Buffer::make(name, bt.dtype, bt.shape, ir::MemScope::kGlobal, {}, s.targets[0]->loc);
  eager()->params.push_back({buf, {}});
  env->set(name, Value::of_buffer(buf));
}

// ------------------------------------------------------------------ functions

ir::PrimFunc Interp::translate_prim_func(const ast::Stmt& def, const EnvP& closure) {
  EnvP env = make_env(closure);
  ir::PrimFunc f;
  f.name = def.name;
  f.loc = def.loc;
  std::set<std::string> seen;
  for (const auto& p : def.params) {
    if (p.kind != ast::Param::kNormal) {
      user_error(p.loc, "a @T.prim_func cannot take *args or **kwargs");
    }
    if (!seen.insert(p.name).second) {
      user_error(p.loc, "duplicate parameter '" + p.name + "'");
    }
    if (!p.annotation) {
      user_error(p.loc, "parameter '" + p.name +
                            "' of a @T.prim_func needs a type annotation "
                            "(T.Tensor(shape, dtype) or a scalar type such as T.int32)");
    }
    Value ann = eval(p.annotation, closure);
    if (ann.kind == VK::kDType) {
      ir::Var v = ir::Variable::make(p.name, ann.dtype, p.loc);
      f.params.push_back({{}, v});
      env->set(p.name, Value::of_expr(v));
      continue;
    }
    if (ann.kind != VK::kBufferType) {
      user_error(p.annotation->loc, "parameter '" + p.name +
                                        "' must be annotated with "
                                        "T.Tensor(shape, dtype) or a scalar type, not " +
                                        type_name(ann));
    }
    const BufferTypeSpec& bt = *ann.buffer_type;
    if (bt.scalar) {
      ir::Var v = ir::Variable::make(p.name, bt.dtype, p.loc);
      f.params.push_back({{}, v});
      env->set(p.name, Value::of_expr(v));
      continue;
    }
    if (bt.scope != ir::MemScope::kGlobal) {
      user_error(p.annotation->loc, "parameter '" + p.name +
                                        "' of a @T.prim_func must be a "
                                        "T.Tensor or T.Buffer, not " +
                                        bt.construct);
    }
    ir::Buffer buf = ir::Buffer::make(p.name, bt.dtype, bt.shape, ir::MemScope::kGlobal, {}, p.loc);
    f.params.push_back({buf, {}});
    env->set(p.name, Value::of_buffer(buf));
  }
  // An integer scalar parameter given a value with --set: the value the program is compiled
  // for, where it needs one (a grid extent, B1); every other use stays a runtime argument.
  std::vector<std::string> set_names;
  std::vector<int64_t> set_values;
  for (const ir::Param& p : f.params) {
    auto ov = overrides.find(p.name());
    if (!p.is_buffer() && p.var->dtype.is_integer() && ov != overrides.end()) {
      if (ov->second.kind != VK::kInt) {
        user_error(p.var->loc, "--set " + p.name() + ": integer kernel scalar '" + p.name() +
                                   "' needs an integer value");
      }
      set_names.push_back(p.name());
      set_values.push_back(ov->second.i);
    }
  }
  if (!set_names.empty()) {
    f.attrs.set("tl.scalar_names", set_names);
    f.attrs.set("tl.scalar_values", set_values);
  }
  KernelBuilder kb;
  KernelBuilder* saved = builder_;
  int saved_macro_depth = macro_depth_;
  builder_ = &kb;
  macro_depth_ = 0;
  kb.open();
  Flow flow = Flow::kNormal;
  try {
    flow = exec_block(def.body, env);
  } catch (...) {
    builder_ = saved;
    macro_depth_ = saved_macro_depth;
    throw;
  }
  builder_ = saved;
  macro_depth_ = saved_macro_depth;
  f.body = kb.close(def.loc);
  if (flow == Flow::kReturn && return_value_.kind != VK::kNone) {
    user_error(def.loc, "a @T.prim_func cannot return a value");
  }
  return f;
}

void Interp::apply_pass_configs(ir::PrimFunc& f, const Value& configs, const Location& loc) {
  if (configs.kind != VK::kDict) {
    user_error(loc, "pass_configs must be a dict, got " + type_name(configs));
  }
  for (size_t i = 0; i < configs.items.size(); ++i) {
    const Value& key = configs.items[i];
    const Value& v = configs.values[i];
    // TileLang's fast-math switch, spelled as the string or as `tilelang.PassConfigKey.
    // TL_ENABLE_FAST_MATH` (an unknown TileLang name, so a builtin value): off by default as in
    // TileLang, it lets B4a use the SFPU's approximate exponential.
    bool fast_math =
        key.kind == VK::kStr
            ? key.s == "tl.enable_fast_math"
            : key.kind == VK::kBuiltin && key.s.ends_with("PassConfigKey.TL_ENABLE_FAST_MATH");
    if (fast_math) {
      f.attrs.set("tl.enable_fast_math", to_bool(v, loc, "pass_configs[\"tl.enable_fast_math\"]"));
      continue;
    }
    // Other GPU options (`tilelang.PassConfigKey.TL_...` or "tl.*" strings) have no Tenstorrent
    // meaning.
    if (key.kind != VK::kStr || key.s.rfind("tt.", 0) != 0) {
      continue;
    }
    if (key.s == "tt.math_fidelity") {
      static const std::vector<std::string> kFidelities = {"LoFi", "HiFi2", "HiFi3", "HiFi4"};
      if (v.kind != VK::kStr ||
          std::find(kFidelities.begin(), kFidelities.end(), v.s) == kFidelities.end()) {
        user_error(loc,
                   "pass_configs[\"tt.math_fidelity\"] must be one of \"LoFi\", \"HiFi2\", "
                   "\"HiFi3\", \"HiFi4\"");
      }
      f.attrs.set("tt.math_fidelity", v.s);
    } else if (key.s == "tt.fp32_dest_acc_en") {
      f.attrs.set("tt.fp32_dest_acc_en", to_bool(v, loc, "pass_configs[\"tt.fp32_dest_acc_en\"]"));
    } else {
      user_error(loc, "unknown Tenstorrent pass config '" + key.s +
                          "' (known: \"tt.math_fidelity\", \"tt.fp32_dest_acc_en\")");
    }
  }
}

Value Interp::attach_outputs(ir::PrimFunc f, const std::optional<std::vector<int64_t>>& out_idx,
                             const Location& loc, const std::string& factory) {
  std::vector<int64_t> idx;
  std::vector<std::string> names;
  int64_t n = static_cast<int64_t>(f.params.size());
  if (out_idx) {
    for (int64_t i : *out_idx) {
      int64_t k = i < 0 ? i + n : i;
      if (k < 0 || k >= n) {
        user_error(loc, fmt::format("out_idx {} is out of range for '{}' with {} parameter{}", i,
                                    f.name, n, n == 1 ? "" : "s"));
      }
      if (!f.params[k].is_buffer()) {
        user_error(loc, fmt::format("out_idx {} names scalar parameter '{}'; outputs must be "
                                    "tensors",
                                    i, f.params[k].name()));
      }
      if (std::find(idx.begin(), idx.end(), k) == idx.end()) {
        idx.push_back(k);
        names.push_back(f.params[k].name());
      }
    }
  }
  f.attrs.set("tl.out_idx", idx);
  f.attrs.set("tl.outputs", names);
  if (!factory.empty()) {
    f.attrs.set("tl.factory", factory);
  }
  Value v;
  v.kind = VK::kPrimFunc;
  v.prim_func = std::make_shared<ir::PrimFunc>(std::move(f));
  return v;
}

Value Interp::finish_eager(EagerContext& ctx, const Value& returned, const ast::Stmt& def,
                           const FunctionPayload& fn) {
  ir::PrimFunc f;
  f.name = def.name;
  f.loc = def.loc;
  f.params = ctx.params;
  f.body = ir::SeqStmt::make(ctx.stmts, def.loc);
  std::vector<ir::Buffer> outs;
  if (returned.kind == VK::kBuffer) {
    outs.push_back(returned.buffer);
  } else if (returned.is_sequence()) {
    for (const auto& v : returned.items) {
      if (v.kind != VK::kBuffer) {
        user_error(def.loc, "an eager kernel must return its output tensors, not " + type_name(v));
      }
      outs.push_back(v.buffer);
    }
  } else if (returned.kind == VK::kNone) {
    outs = ctx.outputs;
  } else {
    user_error(def.loc,
               "an eager kernel must return its output tensors, not " + type_name(returned));
  }
  std::vector<int64_t> idx;
  for (const auto& b : outs) {
    bool found = false;
    for (size_t i = 0; i < f.params.size(); ++i) {
      if (f.params[i].buffer.same_as(b)) {
        idx.push_back(static_cast<int64_t>(i));
        found = true;
      }
    }
    if (!found) {
      user_error(def.loc, "returned buffer '" + b->name +
                              "' is not a kernel tensor (create "
                              "outputs with T.empty)");
    }
  }
  if (fn.pass_configs) {
    apply_pass_configs(f, *fn.pass_configs, fn.pass_configs_loc);
  }
  Value v = attach_outputs(f, idx, def.loc, def.name);
  auto pf = std::make_shared<ir::PrimFunc>(*v.prim_func);
  pf->attrs.set("tl.form", "eager");
  v.prim_func = pf;
  return v;
}

Value Interp::call_function(const Value& fnv, CallArgs& args) {
  const FunctionPayload& fn = *fnv.fn;
  const ast::Stmt& def = *fn.def;
  if (++call_depth_ > kMaxCallDepth) {
    --call_depth_;
    user_error(args.loc, "call nesting too deep (recursion?)");
  }
  struct DepthRestore {
    int& d;
    ~DepthRestore() { --d; }
  } restore{call_depth_};

  EnvP env = make_env(fn.closure);
  std::vector<bool> bound(def.params.size(), false);
  size_t pos = 0;
  std::vector<Value> extra_pos;
  for (size_t i = 0; i < args.args.size(); ++i) {
    while (pos < def.params.size() && def.params[pos].kind != ast::Param::kNormal) {
      if (def.params[pos].kind == ast::Param::kVarArgs) {
        break;
      }
      ++pos;
    }
    if (pos < def.params.size() && def.params[pos].kind == ast::Param::kNormal) {
      env->set(def.params[pos].name, args.args[i]);
      bound[pos] = true;
      ++pos;
    } else if (pos < def.params.size() && def.params[pos].kind == ast::Param::kVarArgs) {
      extra_pos.push_back(args.args[i]);
    } else {
      user_error(args.arg_locs[i], fmt::format("'{}' takes {} positional argument{} but more "
                                               "were given",
                                               def.name, pos, pos == 1 ? "" : "s"));
    }
  }
  std::map<std::string, Value> extra_kw;
  for (size_t k = 0; k < args.kwargs.size(); ++k) {
    const auto& [name, v] = args.kwargs[k];
    bool found = false;
    for (size_t i = 0; i < def.params.size(); ++i) {
      if (def.params[i].name == name && def.params[i].kind == ast::Param::kNormal) {
        if (bound[i]) {
          user_error(args.kw_locs[k],
                     "'" + def.name + "' got multiple values for argument '" + name + "'");
        }
        env->set(name, v);
        bound[i] = true;
        found = true;
      }
    }
    if (!found) {
      extra_kw[name] = v;
    }
  }
  // @autotune: parameters the call leaves out come from the first config (evaluated once).
  std::optional<std::optional<Value>> first_cfg;
  auto config_value = [&](const std::string& name) -> const Value* {
    if (fn.kind != FunctionKind::kJit || !fn.autotune_configs) {
      return nullptr;
    }
    if (!first_cfg) {
      first_cfg = first_config(fn, args.loc);
    }
    if (!*first_cfg) {
      return nullptr;
    }
    const Value& cfg = **first_cfg;
    for (size_t k = 0; k < cfg.items.size(); ++k) {
      if (cfg.items[k].kind == VK::kStr && cfg.items[k].s == name) {
        return &cfg.values[k];
      }
    }
    return nullptr;
  };
  bool has_kwargs = false;
  for (size_t i = 0; i < def.params.size(); ++i) {
    const ast::Param& p = def.params[i];
    if (p.kind == ast::Param::kVarArgs) {
      env->set(p.name, Value::tuple(extra_pos));
      continue;
    }
    if (p.kind == ast::Param::kKwArgs) {
      has_kwargs = true;
      Value d;
      d.kind = VK::kDict;
      for (const auto& [k, v] : extra_kw) {
        d.items.push_back(Value::str(k));
        d.values.push_back(v);
      }
      env->set(p.name, d);
      continue;
    }
    if (p.kind != ast::Param::kNormal) {
      continue;
    }
    // --set NAME=VALUE wins over the instantiation's own arguments.
    auto ov = overrides.find(p.name);
    if (fn.kind == FunctionKind::kJit && ov != overrides.end()) {
      env->set(p.name, ov->second);
    } else if (bound[i]) {
      continue;
    } else if (const Value* v = config_value(p.name)) {
      env->set(p.name, *v);
    } else if (p.default_value) {
      env->set(p.name, eval(p.default_value, fn.closure));
    } else if (fn.kind == FunctionKind::kJit && annotated_in_body(def, p.name)) {
      Value pending;
      pending.kind = VK::kPendingTensor;
      pending.s = p.name;
      env->set(p.name, pending);
    } else {
      user_error(args.loc, "missing argument '" + p.name + "' in call to '" + def.name + "'");
    }
  }
  if (!extra_kw.empty() && !has_kwargs && fn.kind != FunctionKind::kJit) {
    size_t k = 0;
    while (k < args.kwargs.size() && !extra_kw.count(args.kwargs[k].first)) {
      ++k;
    }
    user_error(
        k < args.kw_locs.size() ? args.kw_locs[k] : args.loc,
        "'" + def.name + "' got an unexpected keyword argument '" + extra_kw.begin()->first + "'");
  }

  if (fn.kind == FunctionKind::kMacro) {
    if (builder_ == nullptr) {
      user_error(args.loc, "macro '" + def.name + "' can only be called inside a kernel");
    }
    for (const auto& p : def.params) {
      if (!p.annotation || p.kind != ast::Param::kNormal) {
        continue;
      }
      Value ann = eval(p.annotation, fn.closure);
      const Value* arg = env->lookup_local(p.name);
      if (ann.kind == VK::kBufferType && !ann.buffer_type->scalar && arg &&
          arg->kind != VK::kBuffer && arg->kind != VK::kBufferSlice) {
        user_error(args.loc, "argument '" + p.name + "' of macro '" + def.name + "' must be a " +
                                 ann.buffer_type->construct + ", got " + type_name(*arg));
      }
      // A T.alloc_var variable is a scalar: the macro reads (and assigns) it through the name,
      // as the caller's code does.
      bool var = arg && arg->kind == VK::kBuffer && arg->buffer->scope == ir::MemScope::kVar;
      if ((ann.kind == VK::kDType || (ann.kind == VK::kBufferType && ann.buffer_type->scalar)) &&
          arg && !var && (arg->kind == VK::kBuffer || arg->kind == VK::kBufferSlice)) {
        user_error(args.loc, "argument '" + p.name + "' of macro '" + def.name +
                                 "' must be a scalar, got a buffer");
      }
    }
    return_value_ = Value::none();
    ++macro_depth_;
    Flow f = Flow::kNormal;
    try {
      f = exec_block(def.body, env);
    } catch (...) {
      --macro_depth_;
      throw;
    }
    --macro_depth_;
    Value r = f == Flow::kReturn ? return_value_ : Value::none();
    return_value_ = Value::none();
    return r;
  }

  KernelBuilder* saved = builder_;
  builder_ = nullptr;
  EagerContext ctx;
  if (fn.kind == FunctionKind::kJit) {
    ctx.name = def.name;
    ctx.const_values = extra_kw;
    eager_.push_back(&ctx);
  }
  Flow f = Flow::kNormal;
  try {
    f = exec_block(def.body, env);
  } catch (...) {
    builder_ = saved;
    if (fn.kind == FunctionKind::kJit) {
      eager_.pop_back();
    }
    throw;
  }
  builder_ = saved;
  Value r = f == Flow::kReturn ? return_value_ : Value::none();
  return_value_ = Value::none();
  if (def.name == "__init__" && !def.params.empty()) {
    // construct_object reads the initialised object back from `self`.
    if (const Value* self = env->lookup_local(def.params[0].name)) {
      return *self;
    }
  }
  if (fn.kind != FunctionKind::kJit) {
    return r;
  }
  eager_.pop_back();
  if (r.kind == VK::kPrimFunc) {
    if (ctx.has_kernel) {
      user_error(def.loc, "jit function '" + def.name +
                              "' both builds a kernel and returns a "
                              "@T.prim_func");
    }
    if (!extra_kw.empty()) {
      user_error(args.loc, "'" + def.name + "' got an unexpected keyword argument '" +
                               extra_kw.begin()->first + "'");
    }
    ir::PrimFunc f = *r.prim_func;
    if (fn.pass_configs) {
      apply_pass_configs(f, *fn.pass_configs, fn.pass_configs_loc);
    }
    return attach_outputs(std::move(f), fn.out_idx,
                          def.decorators.empty() ? def.loc : def.decorators[0]->loc, def.name);
  }
  if (ctx.has_kernel) {
    return finish_eager(ctx, r, def, fn);
  }
  user_error(args.loc, "jit function '" + def.name + "' did not produce a kernel: it returned " +
                           (r.kind == VK::kNone ? std::string("None") : "a " + type_name(r)) +
                           " (it must return a @T.prim_func or build one with T.Kernel)");
}

}  // namespace tltt::fe
