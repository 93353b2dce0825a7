// Python-level builtins available to the factory code: range/min/max/len/..., math.*,
// tilelang.cdiv/next_power_of_2, the @tilelang.jit decorator and tilelang.compile.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "frontend/expr_ops.h"
#include "frontend/interp.h"

namespace tltt::fe {

namespace {

Value min_max(Interp& in, CallArgs& a, bool is_max) {
  std::vector<Value> items = a.args;
  if (items.size() == 1 && (items[0].is_sequence())) {
    items = items[0].items;
  }
  if (items.empty()) {
    user_error(a.loc, std::string(is_max ? "max" : "min") + "() needs at least one argument");
  }
  Value best = items[0];
  for (size_t i = 1; i < items.size(); ++i) {
    const Value& v = items[i];
    bool kernel = best.kind == VK::kExpr || v.kind == VK::kExpr;
    if (kernel) {
      ir::Expr x = best.kind == VK::kExpr ? best.expr : ir::Expr();
      ir::Expr y = v.kind == VK::kExpr ? v.expr : ir::Expr();
      if (!x.defined()) {
        x = in.to_expr(best, a.loc, y.dtype());
      }
      if (!y.defined()) {
        y = in.to_expr(v, a.loc, x.dtype());
      }
      best = Value::of_expr(
          make_binary(is_max ? ir::BinaryOp::kMax : ir::BinaryOp::kMin, x, y, a.loc));
      continue;
    }
    if (!v.is_number() || !best.is_number()) {
      user_error(a.loc,
                 std::string(is_max ? "max" : "min") + "() needs numbers, got " + type_name(v));
    }
    double x = as_number(best, a.loc), y = as_number(v, a.loc);
    if (is_max ? y > x : y < x) {
      best = v;
    }
  }
  return best;
}

Value make_range(Interp& in, CallArgs& a) {
  if (!a.kwargs.empty()) {
    user_error(a.kw_locs[0], "range() takes no keyword arguments");
  }
  if (a.args.empty() || a.args.size() > 3) {
    user_error(a.loc, fmt::format("range() takes 1 to 3 arguments ({} given)", a.args.size()));
  }
  auto spec = std::make_shared<LoopSpec>();
  spec->construct = "range";
  spec->kind = ir::ForKind::kSerial;
  bool all_int = true;
  for (const auto& v : a.args) {
    all_int &= v.kind == VK::kInt || v.kind == VK::kBool;
  }
  Value start = a.args.size() >= 2 ? a.args[0] : Value::integer(0);
  Value stop = a.args.size() >= 2 ? a.args[1] : a.args[0];
  int64_t step = 1;
  if (a.args.size() == 3) {
    step = in.to_int(a.args[2], a.arg_locs[2], "step");
    if (step == 0) {
      user_error(a.arg_locs[2], "range() step must not be zero");
    }
  }
  if (all_int) {
    spec->python_range = true;
    spec->start = in.to_int(start, a.loc, "start");
    spec->stop = in.to_int(stop, a.loc, "stop");
    spec->step = step;
  }
  ir::Expr mn = in.to_expr(start, a.loc);
  ir::Expr mx = in.to_expr(stop, a.loc);
  if (!mn.dtype().is_integer() || !mx.dtype().is_integer()) {
    user_error(a.loc, "range() bounds must be integers");
  }
  mn = cast_to(mn, ir::DataType::int32(), a.loc);
  mx = cast_to(mx, ir::DataType::int32(), a.loc);
  ir::Expr extent = simplified_difference(mx, mn, a.loc);
  if (step != 1) {
    if (step < 0) {
      user_error(a.arg_locs[2], "negative range() steps are not supported in kernels");
    }
    extent = make_binary(ir::BinaryOp::kCeilDiv, extent, ir::make_int(step, a.loc), a.loc);
  }
  spec->mins = {mn};
  spec->extents = {extent};
  Value v;
  v.kind = VK::kLoopSpec;
  v.loop = spec;
  return v;
}

Value cdiv(Interp& in, CallArgs& a) {
  auto b = bind_args(a, "cdiv", {"a", "b"});
  if (b[0]->kind == VK::kExpr || b[1]->kind == VK::kExpr) {
    return Value::of_expr(make_binary(ir::BinaryOp::kCeilDiv, in.to_expr(*b[0], a.loc),
                                      in.to_expr(*b[1], a.loc), a.loc));
  }
  int64_t x = in.to_int(*b[0], a.arg_locs.empty() ? a.loc : a.arg_locs[0], "a");
  int64_t y = in.to_int(*b[1], a.loc, "b");
  if (y == 0) {
    user_error(a.loc, "division by zero");
  }
  int64_t q = x / y;
  if ((x % y != 0) && ((x < 0) == (y < 0))) {
    ++q;
  }
  return Value::integer(q);
}

Value math1(Interp& in, CallArgs& a, const std::string& name) {
  auto b = bind_args(a, "math." + name, {"x"});
  double x = as_number(*b[0], a.loc);
  if (name == "sqrt") {
    if (x < 0) {
      user_error(a.loc, "math domain error");
    }
    return Value::floating(std::sqrt(x));
  }
  if (name == "log" || name == "log2" || name == "log10") {
    if (x <= 0) {
      user_error(a.loc, "math domain error");
    }
    return Value::floating(name == "log"    ? std::log(x)
                           : name == "log2" ? std::log2(x)
                                            : std::log10(x));
  }
  if (name == "exp") {
    return Value::floating(std::exp(x));
  }
  if (name == "exp2") {
    return Value::floating(std::exp2(x));
  }
  if (name == "ceil" || name == "floor") {
    double r = name == "ceil" ? std::ceil(x) : std::floor(x);
    if (!std::isfinite(r) || std::fabs(r) > 9.0e18) {
      user_error(a.loc, "value out of range");
    }
    return Value::integer(static_cast<int64_t>(r));
  }
  user_error(a.loc, "unsupported function math." + name);
}

// The AutoTuner API (`AutoTuner.from_kernel(kernel=f, configs=...).set_compile_args(...)
// .set_profile_args(...).run(...)`): a tuner is a bound builtin holding its kernel, configs and
// compile arguments; run() compiles the kernel with the first config of the tuning space (as for
// @autotune, so that the tuning space stays for a later `tltt tune`) and returns a result whose
// `.kernel` is the compiled kernel and `.config` that config.
constexpr const char* kTuner = "tilelang.autotuner.AutoTuner";
constexpr const char* kTuneResult = "tilelang.autotuner.AutotuneResult";

Value tuner_object(const char* cls, std::vector<std::pair<std::string, Value>> fields) {
  Value v = Value::builtin(cls);
  auto bound = std::make_shared<BoundBuiltin>();
  bound->kwargs = std::move(fields);
  v.bound = bound;
  return v;
}

const Value* tuner_field(const Value& obj, const std::string& name) {
  for (const auto& [k, v] : obj.bound->kwargs) {
    if (k == name) {
      return &v;
    }
  }
  return nullptr;
}

// Compiles the tuner's kernel with the first config: `kernel(**config)`, then the compile
// arguments (out_idx, ...) through tilelang.compile when the kernel is not a jit factory (whose
// own options already apply).
Value run_tuner(Interp& in, const Value& tuner, const Location& loc) {
  Value configs = *tuner_field(tuner, "configs");
  if (configs.kind == VK::kFunction || configs.kind == VK::kBuiltin) {
    CallArgs c;
    c.loc = loc;
    c.callee_loc = loc;
    configs = in.call(configs, c);
  }
  std::vector<Value> all = in.iterate(configs, loc);
  if (all.empty()) {
    user_error(loc, "the AutoTuner has an empty tuning space (no configs)");
  }
  if (all[0].kind != VK::kDict) {
    user_error(loc,
               "AutoTuner configs must be dicts of parameter values, got " + type_name(all[0]));
  }
  const Value& kernel = *tuner_field(tuner, "kernel");
  CallArgs call;
  call.loc = loc;
  call.callee_loc = loc;
  for (size_t i = 0; i < all[0].items.size(); ++i) {
    if (all[0].items[i].kind != VK::kStr) {
      user_error(
          loc, "AutoTuner config keys must be parameter names, got " + type_name(all[0].items[i]));
    }
    // pass_configs in a config tune the compiler's passes, not the kernel.
    if (all[0].items[i].s == "pass_configs") {
      continue;
    }
    call.kwargs.push_back({all[0].items[i].s, all[0].values[i]});
    call.kw_locs.push_back(loc);
  }
  Value compiled = in.call(kernel, call);
  if (compiled.kind != VK::kPrimFunc) {
    user_error(loc, "the AutoTuner's kernel returned a " + type_name(compiled) +
                        ", not a kernel (a @T.prim_func)");
  }
  const Value* compile_args = tuner_field(tuner, "compile_args");
  bool jit = kernel.kind == VK::kFunction && kernel.fn->kind == FunctionKind::kJit;
  if (compile_args && !jit) {
    CallArgs c;
    c.loc = loc;
    c.callee_loc = loc;
    c.args = {compiled};
    c.arg_locs = {loc};
    c.kwargs = compile_args->bound->kwargs;
    c.kw_locs.assign(c.kwargs.size(), loc);
    compiled = builtin_registry().at("tilelang.compile")(in, c);
  }
  return tuner_object(kTuneResult, {{"kernel", compiled}, {"config", all[0]}});
}

}  // namespace

bool is_tuner_object(const Value& v) {
  return v.kind == VK::kBuiltin && v.bound && (v.s == kTuner || v.s == kTuneResult);
}

Value tuner_attribute(const Value& obj, const std::string& name, const Location& loc) {
  if (obj.s == kTuneResult) {
    if (const Value* f = tuner_field(obj, name)) {
      return *f;
    }
    // latency, ref_latency, ...: measured on a GPU, unknown at compile time.
    return Value::opaque("AutotuneResult." + name);
  }
  if (name != "set_compile_args" && name != "set_profile_args" && name != "run") {
    user_error(loc, "AutoTuner has no attribute '" + name + "'");
  }
  return method_value(obj, name);
}

Value call_tuner_method(Interp& in, const Value& self, const std::string& name, CallArgs& a) {
  if (self.s != kTuner) {
    user_error(a.callee_loc, "AutotuneResult has no method '" + name + "'");
  }
  if (name == "run") {
    return run_tuner(in, self, a.loc);
  }
  // set_compile_args / set_profile_args: a tuner with the arguments recorded; the compile
  // arguments are checked when run() compiles.
  if (!a.args.empty()) {
    user_error(a.arg_locs[0], "AutoTuner." + name + "() takes keyword arguments only");
  }
  auto fields = self.bound->kwargs;
  if (name == "set_compile_args") {
    fields.erase(std::remove_if(fields.begin(), fields.end(),
                                [](const auto& f) { return f.first == "compile_args"; }),
                 fields.end());
    fields.push_back({"compile_args", tuner_object("tilelang.compile", a.kwargs)});
  }
  return tuner_object(kTuner, fields);
}

std::optional<Value> tuned_kernel(Interp& in, const Value& v, const Location& loc) {
  if (!is_tuner_object(v)) {
    return std::nullopt;
  }
  return v.s == kTuner ? *tuner_field(run_tuner(in, v, loc), "kernel") : *tuner_field(v, "kernel");
}

void register_python_builtins() {
  auto& r = builtin_registry();
  r["range"] = make_range;
  r["min"] = [](Interp& in, CallArgs& a) { return min_max(in, a, false); };
  r["max"] = [](Interp& in, CallArgs& a) { return min_max(in, a, true); };
  r["abs"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "abs", {"x"});
    const Value& v = *b[0];
    if (v.kind == VK::kInt) {
      if (v.i == INT64_MIN) {
        user_error(a.loc, "integer overflow");
      }
      return Value::integer(v.i < 0 ? -v.i : v.i);
    }
    if (v.kind == VK::kFloat) {
      return Value::floating(std::fabs(v.f));
    }
    ir::Expr e = in.to_expr(v, a.loc);
    return Value::of_expr(ir::Call::make(e.dtype(), "abs", {e}, {}, a.loc));
  };
  r["len"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "len", {"x"});
    const Value& v = *b[0];
    if (v.is_sequence() || v.kind == VK::kDict) {
      return Value::integer(v.items.size());
    }
    if (v.kind == VK::kStr) {
      return Value::integer(v.s.size());
    }
    if (v.kind == VK::kBuffer) {
      auto c = ir::as_const_int(v.buffer->shape[0]);
      if (c) {
        return Value::integer(*c);
      }
    }
    user_error(a.loc, "object of type " + type_name(v) + " has no len()");
  };
  r["int"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "int", {"x"});
    const Value& v = *b[0];
    if (v.kind == VK::kFloat) {
      if (!std::isfinite(v.f) || std::fabs(v.f) > 9.0e18) {
        user_error(a.loc, "cannot convert " + show(v) + " to int");
      }
      return Value::integer(static_cast<int64_t>(v.f));
    }
    if (v.kind == VK::kStr) {
      try {
        size_t used = 0;
        int64_t x = std::stoll(v.s, &used);
        if (used == v.s.size()) {
          return Value::integer(x);
        }
      } catch (...) {
      }
      user_error(a.loc, "invalid literal for int(): '" + v.s + "'");
    }
    if (v.kind == VK::kExpr) {
      return Value::of_expr(cast_to(v.expr, ir::DataType::int32(), a.loc));
    }
    return Value::integer(in.to_int(v, a.loc, "x"));
  };
  r["float"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "float", {"x"});
    const Value& v = *b[0];
    if (v.kind == VK::kStr) {
      if (v.s == "inf") {
        return Value::floating(INFINITY);
      }
      if (v.s == "-inf") {
        return Value::floating(-INFINITY);
      }
      try {
        size_t used = 0;
        double x = std::stod(v.s, &used);
        if (used == v.s.size()) {
          return Value::floating(x);
        }
      } catch (...) {
      }
      user_error(a.loc, "could not convert string to float: '" + v.s + "'");
    }
    if (v.kind == VK::kExpr) {
      return Value::of_expr(cast_to(v.expr, ir::DataType::float32(), a.loc));
    }
    return Value::floating(as_number(v, a.loc));
  };
  r["bool"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "bool", {"x?"});
    return Value::boolean(b[0] ? in.truthy(*b[0], a.loc) : false);
  };
  r["str"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "str", {"x?"});
    if (!b[0]) {
      return Value::str("");
    }
    if (b[0]->kind == VK::kStr) {
      return *b[0];
    }
    std::string s = show(*b[0]);
    return Value::str(s);
  };
  r["print"] = [](Interp&, CallArgs&) { return Value::none(); };
  r["tuple"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "tuple", {"x?"});
    return Value::tuple(b[0] ? in.iterate(*b[0], a.loc) : std::vector<Value>{});
  };
  r["list"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "list", {"x?"});
    return Value::list(b[0] ? in.iterate(*b[0], a.loc) : std::vector<Value>{});
  };
  r["round"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "round", {"x"});
    double x = std::nearbyint(as_number(*b[0], a.loc));
    if (!std::isfinite(x) || std::fabs(x) > 9.0e18) {
      user_error(a.loc, "value out of range");
    }
    return Value::integer(static_cast<int64_t>(x));
  };
  r["pow"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "pow", {"x", "y"});
    return Value::floating(std::pow(as_number(*b[0], a.loc), as_number(*b[1], a.loc)));
  };
  for (const char* fn : {"sqrt", "log", "log2", "log10", "exp", "exp2", "ceil", "floor"}) {
    std::string name = fn;
    r["math." + name] = [name](Interp& in, CallArgs& a) { return math1(in, a, name); };
  }
  r["tilelang.cdiv"] = cdiv;
  r["tilelang.language.ceildiv"] = cdiv;
  r["tilelang.next_power_of_2"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "next_power_of_2", {"n"});
    int64_t n = in.to_int(*b[0], a.loc, "n");
    if (n > (int64_t{1} << 62)) {
      user_error(a.loc, "value out of range");
    }
    int64_t p = 1;
    while (p < n) {
      p <<= 1;
    }
    return Value::integer(p);
  };
  // @tilelang.jit / @tilelang.jit(...): applied by the decorator logic; calling with a function
  // wraps it, calling with options returns a decorator.
  r["tilelang.jit"] = [](Interp& in, CallArgs& a) {
    auto bound = std::make_shared<BoundBuiltin>();
    bound->kwargs = a.kwargs;
    for (size_t i = 0; i < a.kwargs.size(); ++i) {
      static const char* kKnown[] = {"out_idx",           "target",       "pass_configs",
                                     "execution_backend", "target_host",  "verbose",
                                     "debug_root_path",   "compile_flags"};
      bool known = false;
      for (const char* n : kKnown) {
        known |= a.kwargs[i].first == n;
      }
      if (!known) {
        user_error(a.kw_locs[i],
                   "tilelang.jit() got an unexpected keyword argument '" + a.kwargs[i].first + "'");
      }
    }
    if (!a.args.empty()) {
      user_error(a.arg_locs[0], "use @tilelang.jit as a decorator");
    }
    Value v = Value::builtin("tilelang.jit");
    v.bound = bound;
    return v;
  };
  // @autotune(configs=..., warmup=..., rep=...): the configs are kept (see Interp::first_config).
  r["tilelang.autotune"] = [](Interp&, CallArgs& a) {
    Value v = Value::builtin("tilelang.autotune");
    auto bound = std::make_shared<BoundBuiltin>();
    bound->kwargs = a.kwargs;
    v.bound = bound;
    return v;
  };
  r["tilelang.math.next_power_of_2"] = r["tilelang.next_power_of_2"];
  r["tilelang.autotuner.autotune"] = r["tilelang.autotune"];
  r["tilelang.autotuner.tuner.autotune"] = r["tilelang.autotune"];
  r["tilelang.autotuner.AutoTuner.from_kernel"] = [](Interp&, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "AutoTuner.from_kernel", {"kernel", "configs"}, &locs);
    if (b[0]->kind != VK::kFunction && b[0]->kind != VK::kBuiltin) {
      user_error(locs[0],
                 "AutoTuner.from_kernel() expects a kernel function, got " + type_name(*b[0]));
    }
    return tuner_object(kTuner, {{"kernel", *b[0]}, {"configs", *b[1]}});
  };
  r["tilelang.autotuner.tuner.AutoTuner.from_kernel"] =
      r["tilelang.autotuner.AutoTuner.from_kernel"];
  r["tilelang.disable_cache"] = [](Interp&, CallArgs&) { return Value::none(); };
  r["tilelang.compile"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "tilelang.compile",
                       {"func", "out_idx?", "target?", "target_host?", "execution_backend?",
                        "pass_configs?", "verbose?", "compile_flags?"},
                       &locs);
    if (b[0]->kind != VK::kPrimFunc) {
      user_error(locs[0], "tilelang.compile() expects a @T.prim_func, got " + type_name(*b[0]));
    }
    std::vector<int64_t> idx;
    if (b[1] && b[1]->kind != VK::kNone) {
      if (b[1]->is_sequence()) {
        for (const auto& x : b[1]->items) {
          idx.push_back(in.to_int(x, locs[1], "out_idx"));
        }
      } else {
        idx.push_back(in.to_int(*b[1], locs[1], "out_idx"));
      }
    }
    ir::PrimFunc f = *b[0]->prim_func;
    int64_t n = static_cast<int64_t>(f.params.size());
    std::vector<int64_t> norm;
    std::vector<std::string> names;
    for (int64_t i : idx) {
      int64_t k = i < 0 ? i + n : i;
      if (k < 0 || k >= n) {
        user_error(locs[1], fmt::format("out_idx {} is out of range for '{}' with {} parameters", i,
                                        f.name, n));
      }
      norm.push_back(k);
      names.push_back(f.params[k].name());
    }
    f.attrs.set("tl.out_idx", norm);
    f.attrs.set("tl.outputs", names);
    if (b[5] && b[5]->kind != VK::kNone) {
      in.apply_pass_configs(f, *b[5], locs[5]);
    }
    Value v;
    v.kind = VK::kPrimFunc;
    v.prim_func = std::make_shared<ir::PrimFunc>(std::move(f));
    return v;
  };
}

}  // namespace tltt::fe
