// TileLang builtins other than tile operations: types (T.Tensor, ...), T.const/T.empty (eager
// form), T.Kernel, loop constructors, allocations, index arithmetic, math and constants, hints.
#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "frontend/expr_ops.h"
#include "frontend/frontend.h"
#include "frontend/interp.h"

namespace tltt::fe {

namespace {

// `construct(source, shape, dtype)`: a buffer named `view` over the memory of `source` until the
// end of the enclosing block (a BufferView). A view larger than its source is an error when both
// sizes are known.
Value buffer_view(Interp& in, const Location& loc, const std::string& construct,
                  const Value& source, const Location& source_loc, std::vector<ir::Expr> shape,
                  ir::DataType dtype) {
  KernelBuilder& kb = in.require_kernel(loc, construct);
  if (source.kind != VK::kBuffer) {
    user_error(source_loc, construct + " views a buffer, got " + type_name(source));
  }
  const ir::Buffer& src = source.buffer;
  auto bits = [](const std::vector<ir::Expr>& dims, ir::DataType t) -> std::optional<int64_t> {
    int64_t n = t.bits();
    for (const auto& d : dims) {
      auto c = ir::as_const_int(d);
      if (!c) {
        return std::nullopt;
      }
      n *= *c;
    }
    return n;
  };
  auto view_bits = bits(shape, dtype), source_bits = bits(src->shape, src->dtype);
  if (view_bits && source_bits && *view_bits > *source_bits) {
    user_error(loc, fmt::format("{} of '{}' needs {} bytes but the buffer has {}", construct,
                                src->name, *view_bits / 8, *source_bits / 8));
  }
  std::string name = in.name_hint().empty() ? src->name + "_view" : in.name_hint();
  ir::Buffer view = ir::Buffer::make(name, dtype, std::move(shape), src->scope, {}, loc);
  kb.view(view, src, construct, loc);
  return Value::of_buffer(view);
}

Value buffer_type(Interp& in, CallArgs& a, const std::string& name, ir::MemScope scope) {
  std::vector<Location> locs;
  auto b =
      bind_args(a, name, {"shape", "dtype?", "data?", "strides?", "elem_offset?", "scope?"}, &locs);
  for (size_t i = 3; i < b.size(); ++i) {
    if (b[i] && b[i]->kind != VK::kNone) {
      user_error(locs[i], name + " with '" +
                              std::vector<std::string>{"strides", "elem_offset", "scope"}[i - 3] +
                              "' (a strided or offset view of existing memory) has no Tenstorrent "
                              "lowering yet");
    }
  }
  if (b[2] && b[2]->kind != VK::kNone) {
    // T.Tensor(shape, dtype, buf.data): the memory of `buf` with this shape and dtype.
    ir::DataType t = b[1] ? in.to_dtype(*b[1], locs[1]) : ir::DataType::float32();
    return buffer_view(in, a.loc, name, *b[2], locs[2], in.to_shape(*b[0], locs[0]), t);
  }
  auto spec = std::make_shared<BufferTypeSpec>();
  spec->construct = name;
  spec->scope = scope;
  spec->dtype = b[1] ? in.to_dtype(*b[1], locs[1]) : ir::DataType::float32();
  spec->shape = in.to_shape(*b[0], locs[0]);
  Value v;
  v.kind = VK::kBufferType;
  v.buffer_type = spec;
  return v;
}

// An integer extent; a constant one must be positive unless `allow_empty` (a loop's: a loop over
// an empty range runs no iteration, as Python's `range(0)` does).
ir::Expr extent_of(Interp& in, const Value& v, const Location& loc, const std::string& what,
                   bool allow_empty = false) {
  if (v.kind != VK::kInt && v.kind != VK::kExpr && v.kind != VK::kBool &&
      !(v.kind == VK::kBuffer && v.buffer->scope == ir::MemScope::kVar)) {
    user_error(loc, what + " must be an integer, got " + type_name(v));
  }
  ir::Expr e = in.to_expr(v, loc);
  if (!e.dtype().is_integer()) {
    user_error(loc, what + " must be an integer, got " + e.dtype().str());
  }
  e = cast_to(e, ir::DataType::int32(), loc);
  if (auto c = ir::as_const_int(e); c && *c <= 0 && !allow_empty) {
    user_error(loc, fmt::format("{} must be positive, got {}", what, *c));
  }
  return e;
}

Value loop_value(std::shared_ptr<LoopSpec> spec) {
  Value v;
  v.kind = VK::kLoopSpec;
  v.loop = std::move(spec);
  return v;
}

// T.Parallel(e0, e1, ...) / T.grid(...): one loop per extent starting at 0.
Value multi_loop(Interp& in, CallArgs& a, const std::string& name, ir::ForKind kind,
                 const std::vector<std::string>& allowed_kw) {
  auto spec = std::make_shared<LoopSpec>();
  spec->construct = name;
  spec->kind = kind;
  for (size_t k = 0; k < a.kwargs.size(); ++k) {
    if (std::find(allowed_kw.begin(), allowed_kw.end(), a.kwargs[k].first) == allowed_kw.end()) {
      user_error(a.kw_locs[k],
                 name + "() got an unexpected keyword argument '" + a.kwargs[k].first + "'");
    }
  }
  if (a.args.empty()) {
    user_error(a.loc, name + "() needs at least one extent");
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    spec->mins.push_back(ir::make_int(0, a.arg_locs[i]));
    spec->extents.push_back(extent_of(in, a.args[i], a.arg_locs[i], "loop extent", true));
  }
  return loop_value(spec);
}

// T.serial/T.unroll/T.vectorized/T.Pipelined(start[, stop]).
std::shared_ptr<LoopSpec> range_loop(Interp& in, const std::optional<Value>& first,
                                     const std::optional<Value>& second,
                                     const std::vector<Location>& locs, const std::string& name,
                                     ir::ForKind kind) {
  auto spec = std::make_shared<LoopSpec>();
  spec->construct = name;
  spec->kind = kind;
  ir::Expr mn, extent;
  if (second && second->kind != VK::kNone) {
    mn = cast_to(in.to_expr(*first, locs[0]), ir::DataType::int32(), locs[0]);
    ir::Expr mx = cast_to(in.to_expr(*second, locs[1]), ir::DataType::int32(), locs[1]);
    if (!mn.dtype().is_integer() || !mx.dtype().is_integer()) {
      user_error(locs[0], name + "() bounds must be integers");
    }
    extent = simplified_difference(mx, mn, locs[1]);
  } else {
    mn = ir::make_int(0, locs[0]);
    extent = extent_of(in, *first, locs[0], "loop extent", true);
  }
  spec->mins = {mn};
  spec->extents = {extent};
  return spec;
}

ir::AttrValue to_attr(Interp& in, const Value& v, const Location& loc) {
  switch (v.kind) {
    case VK::kInt:
      return v.i;
    case VK::kBool:
      return v.b;
    case VK::kFloat:
      return v.f;
    case VK::kStr:
      return v.s;
    case VK::kDType:
      return v.dtype.str();
    case VK::kBuiltin:
      return v.s.substr(v.s.rfind('.') + 1);
    case VK::kNone:
      return std::string("None");
    case VK::kExpr:
      if (auto c = ir::as_const_int(v.expr)) {
        return *c;
      }
      if (const auto* f = v.expr.as<ir::FloatImm>()) {
        return f->value;
      }
      if (const auto* b = v.expr.as<ir::BoolImm>()) {
        return b->value;
      }
      break;
    case VK::kTuple:
    case VK::kList: {
      bool all_int = true, all_str = true;
      for (const auto& x : v.items) {
        all_int &= x.kind == VK::kInt;
        all_str &= x.kind == VK::kStr;
      }
      if (all_int) {
        std::vector<int64_t> out;
        for (const auto& x : v.items) {
          out.push_back(x.i);
        }
        return out;
      }
      if (all_str && !v.items.empty()) {
        std::vector<std::string> out;
        for (const auto& x : v.items) {
          out.push_back(x.s);
        }
        return out;
      }
      ir::AttrList list;
      for (const auto& x : v.items) {
        list.push_back(to_attr(in, x, loc));
      }
      return list;
    }
    case VK::kDict: {
      ir::Attrs d;
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (v.items[i].kind != VK::kStr) {
          user_error(loc, "layout dictionary keys must be strings");
        }
        d.set(v.items[i].s, to_attr(in, v.values[i], loc));
      }
      return d;
    }
    default:
      break;
  }
  user_error(loc, "cannot use a " + type_name(v) + " as a compile-time attribute value");
}

ir::Expr math_call(Interp& in, CallArgs& a, const std::string& name, size_t nargs) {
  if (a.args.size() != nargs || !a.kwargs.empty()) {
    user_error(a.loc, fmt::format("T.{}() takes exactly {} argument{}", name, nargs,
                                  nargs == 1 ? "" : "s"));
  }
  std::vector<ir::Expr> args;
  ir::DataType t;
  for (size_t i = 0; i < nargs; ++i) {
    if (a.args[i].kind == VK::kExpr) {
      t = t.is_void() ? a.args[i].expr.dtype() : promote_types(t, a.args[i].expr.dtype());
    }
  }
  bool keeps_int = name == "abs" || name == "max" || name == "min";
  if (t.is_void()) {
    t = a.args[0].kind == VK::kInt && keeps_int ? ir::DataType::int32() : ir::DataType::float32();
  }
  if (!t.is_numeric()) {
    user_error(a.loc, "T." + name + "() needs a numeric argument, got " + t.str());
  }
  if (!t.is_float() && !keeps_int) {
    t = ir::DataType::float32();
  }
  for (size_t i = 0; i < nargs; ++i) {
    args.push_back(cast_to(in.to_expr(a.args[i], a.arg_locs[i], t), t, a.arg_locs[i]));
  }
  return ir::Call::make(t, name, args, {}, a.loc);
}

Value index_op(Interp& in, CallArgs& a, const std::string& name, ir::BinaryOp op) {
  auto b = bind_args(a, name, {"a", "b"});
  const Value &x = *b[0], &y = *b[1];
  if ((x.kind == VK::kInt || x.kind == VK::kBool) && (y.kind == VK::kInt || y.kind == VK::kBool)) {
    ir::Expr r = make_binary(op, in.to_expr(x, a.loc, ir::DataType::int64()),
                             in.to_expr(y, a.loc, ir::DataType::int64()), a.loc);
    return Value::integer(*ir::as_const_int(r));
  }
  ir::Expr ex = x.kind == VK::kExpr ? x.expr : ir::Expr();
  ir::Expr ey = y.kind == VK::kExpr ? y.expr : ir::Expr();
  if (!ex.defined()) {
    ex = in.to_expr(x, a.loc, ey.defined() ? ey.dtype() : ir::DataType());
  }
  if (!ey.defined()) {
    ey = in.to_expr(y, a.loc, ex.dtype());
  }
  return Value::of_expr(make_binary(op, ex, ey, a.loc));
}

Value alloc(Interp& in, CallArgs& a, const std::string& name, ir::MemScope default_scope,
            bool is_var, ir::Attrs attrs = {}) {
  std::vector<Location> locs;
  std::vector<std::optional<Value>> b =
      is_var ? bind_args(a, name, {"dtype", "init?", "scope?"}, &locs)
             : bind_args(a, name, {"shape", "dtype", "scope?"}, &locs);
  KernelBuilder& kb = in.require_kernel(a.callee_loc, name);
  ir::MemScope scope = default_scope;
  const std::optional<Value>& scope_arg = b[2];
  if (scope_arg && scope_arg->kind != VK::kNone) {
    if (scope_arg->kind != VK::kStr || !ir::parse_mem_scope(scope_arg->s, &scope)) {
      user_error(locs[2], "unknown buffer scope " + show(*scope_arg));
    }
  }
  ir::DataType dtype = in.to_dtype(is_var ? *b[0] : *b[1], is_var ? locs[0] : locs[1]);
  std::vector<ir::Expr> shape =
      is_var ? std::vector<ir::Expr>{ir::make_int(1, a.loc)} : in.to_shape(*b[0], locs[0], true);
  std::string bname = in.name_hint().empty() ? "buf" : in.name_hint();
  ir::Buffer buf = ir::Buffer::make(bname, dtype, shape, scope, std::move(attrs), a.loc);
  kb.alloc(buf, a.loc);
  if (is_var && b[1] && b[1]->kind != VK::kNone) {
    ir::Expr init = cast_to(in.to_expr(*b[1], locs[1], dtype), dtype, locs[1]);
    kb.emit(ir::BufferStore::make(buf, {ir::make_int(0, a.loc)}, init, a.loc));
  }
  return Value::of_buffer(buf);
}

// "M, N" or "M N": the symbol names of T.const / T.dynamic.
std::vector<std::string> symbol_names(const std::string& text) {
  std::vector<std::string> names;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!cur.empty()) {
        names.push_back(cur);
      }
      cur.clear();
    } else {
      cur += c;
    }
  }
  return names;
}

double max_value(ir::DataType t) {
  if (t == ir::DataType::float16()) {
    return 65504.0;
  }
  if (t == ir::DataType::bfloat16()) {
    return 3.3895313892515355e38;
  }
  if (t == ir::DataType::float32()) {
    return FLT_MAX;
  }
  if (t == ir::DataType::float64()) {
    return DBL_MAX;
  }
  return 0;
}

}  // namespace

void register_tile_builtins() {
  auto& r = builtin_registry();
  auto decorator_only = [](std::string name) {
    return [name](Interp&, CallArgs& a) -> Value {
      user_error(a.loc, "use " + name + " as a decorator (@" + name + ")");
    };
  };
  r["T.prim_func"] = decorator_only("T.prim_func");
  r["T.macro"] = decorator_only("T.macro");

  r["T.Tensor"] = [](Interp& in, CallArgs& a) {
    return buffer_type(in, a, "T.Tensor", ir::MemScope::kGlobal);
  };
  r["T.Buffer"] = [](Interp& in, CallArgs& a) {
    return buffer_type(in, a, "T.Buffer", ir::MemScope::kGlobal);
  };
  r["T.SharedBuffer"] = [](Interp& in, CallArgs& a) {
    return buffer_type(in, a, "T.SharedBuffer", ir::MemScope::kShared);
  };
  r["T.FragmentBuffer"] = [](Interp& in, CallArgs& a) {
    return buffer_type(in, a, "T.FragmentBuffer", ir::MemScope::kFragment);
  };
  r["T.LocalBuffer"] = [](Interp& in, CallArgs& a) {
    return buffer_type(in, a, "T.LocalBuffer", ir::MemScope::kLocal);
  };

  r["T.const"] = [](Interp& in, CallArgs& a) {
    EagerContext* ctx = in.eager();
    if (ctx == nullptr || in.builder() != nullptr) {
      user_error(a.callee_loc,
                 "T.const can only be used in the body of an eager "
                 "@tilelang.jit kernel function");
    }
    std::vector<Location> locs;
    auto b = bind_args(a, "T.const", {"names", "dtype?"}, &locs);
    if (b[0]->kind != VK::kStr) {
      user_error(locs[0], "T.const expects a string of names, e.g. T.const(\"M, N\")");
    }
    std::vector<std::string> names = symbol_names(b[0]->s);
    if (names.empty()) {
      user_error(locs[0], "T.const needs at least one name");
    }
    std::vector<Value> values;
    for (const auto& n : names) {
      auto it = ctx->const_values.find(n);
      if (it != ctx->const_values.end()) {
        values.push_back(it->second);
        continue;
      }
      auto ov = in.overrides.find(n);
      if (ov != in.overrides.end()) {
        values.push_back(ov->second);
        continue;
      }
      user_error(locs[0], "no value for T.const symbol '" + n +
                              "' (pass it when instantiating, "
                              "e.g. " +
                              ctx->name + ".compile(" + n + "=...), or with --set " + n +
                              "=VALUE)");
    }
    return values.size() == 1 ? values[0] : Value::tuple(values);
  };

  // T.dynamic("M, N") / T.symbolic: a size that varies at run time on a GPU. Tenstorrent
  // programs are specialised to their sizes, so each symbol takes its value from --set (or the
  // instantiation's keyword arguments of an eager kernel; the Python package binds it from the
  // tensors passed and compiles one kernel per size).
  for (const char* fn : {"T.dynamic", "T.symbolic"}) {
    std::string fname = fn;
    r[fname] = [fname](Interp& in, CallArgs& a) {
      std::vector<Location> locs;
      auto b = bind_args(a, fname, {"name", "dtype?"}, &locs);
      if (b[0]->kind != VK::kStr) {
        user_error(locs[0], fname + " expects a string of names, e.g. " + fname + "(\"M\")");
      }
      std::vector<std::string> names = symbol_names(b[0]->s);
      std::vector<Value> values;
      for (const auto& n : names) {
        EagerContext* ctx = in.eager();
        if (ctx != nullptr && ctx->const_values.count(n)) {
          values.push_back(ctx->const_values.at(n));
          continue;
        }
        auto& syms = in.dynamic_symbols;  // every symbol met, for the driver's runtime sizes
        auto it = std::find(syms.begin(), syms.end(), n);
        if (it == syms.end()) {
          it = syms.insert(syms.end(), n);
        }
        if (auto ov = in.overrides.find(n); ov != in.overrides.end()) {
          values.push_back(ov->second);
          continue;
        }
        if (in.symbolic_dynamic) {
          // The Python package asking for the signature: each symbol gets a distinct probe
          // size, so shapes equal to a probe name that symbol (the IR has no symbolic sizes).
          values.push_back(
              Value::integer(fe::kDynamicProbeBase + fe::kDynamicProbeStep * (it - syms.begin())));
          continue;
        }
        user_error(a.loc, "dynamic size '" + n + "' (" + fname +
                              ") has no value: Tenstorrent programs are specialised to their "
                              "sizes; give it with --set " +
                              n +
                              "=VALUE (the Python packages tltt and tilelang take it from the "
                              "tensors passed)");
      }
      if (values.empty()) {
        user_error(locs[0], fname + " needs at least one name");
      }
      return values.size() == 1 ? values[0] : Value::tuple(values);
    };
  }

  // T.bitwise_and/or/xor/left_shift/right_shift(a, b), T.bitwise_not(a): integer operators.
  for (auto [fn, op] : std::initializer_list<std::pair<const char*, ir::BinaryOp>>{
           {"T.bitwise_and", ir::BinaryOp::kBitAnd},
           {"T.bitwise_or", ir::BinaryOp::kBitOr},
           {"T.bitwise_xor", ir::BinaryOp::kBitXor},
           {"T.shift_left", ir::BinaryOp::kShl},
           {"T.shift_right", ir::BinaryOp::kShr},
           {"T.bitwise_left_shift", ir::BinaryOp::kShl},
           {"T.bitwise_right_shift", ir::BinaryOp::kShr}}) {
    std::string fname = fn;
    ir::BinaryOp bop = op;
    r[fname] = [fname, bop](Interp& in, CallArgs& a) {
      std::vector<Location> locs;
      auto b = bind_args(a, fname, {"a", "b"}, &locs);
      ir::Expr x = in.to_expr(*b[0], locs[0]);
      ir::Expr y = in.to_expr(*b[1], locs[1], x.dtype());
      if (!x.dtype().is_integer() || !y.dtype().is_integer()) {
        user_error(a.loc, fname + " needs integer operands");
      }
      return Value::of_expr(make_binary(bop, x, y, a.loc));
    };
  }
  r["T.bitwise_not"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.bitwise_not", {"a"}, &locs);
    ir::Expr x = in.to_expr(*b[0], locs[0]);
    if (!x.dtype().is_integer()) {
      user_error(a.loc, "T.bitwise_not needs an integer operand");
    }
    return Value::of_expr(ir::Unary::make(ir::UnaryOp::kBitNot, x, a.loc));
  };
  // T.assume(cond): an optimisation hint for GPU code generation.
  r["T.assume"] = [](Interp& in, CallArgs& a) {
    bind_args(a, "T.assume", {"cond"});
    in.remark(a.callee_loc, "'T.assume' is a code-generation hint; ignored on Tenstorrent");
    return Value::none();
  };

  // Register-allocation hints of warp-specialised GPU kernels: no meaning on Tenstorrent.
  for (const char* fn :
       {"T.disable_warp_group_reg_alloc", "T.no_set_max_nreg", "T.annotate_l2_hit_ratio"}) {
    std::string fname = fn;
    r[fname] = [fname](Interp& in, CallArgs& a) {
      in.remark(a.callee_loc,
                "'" + fname + "' is a GPU register/cache hint; ignored on Tenstorrent");
      return Value::none();
    };
  }

  r["T.empty"] = [](Interp& in, CallArgs& a) {
    EagerContext* ctx = in.eager();
    if (ctx == nullptr || in.builder() != nullptr) {
      user_error(a.callee_loc,
                 "T.empty can only be used in the body of an eager "
                 "@tilelang.jit kernel function, outside T.Kernel");
    }
    std::vector<Location> locs;
    auto b = bind_args(a, "T.empty", {"shape", "dtype?"}, &locs);
    ir::DataType t = b[1] ? in.to_dtype(*b[1], locs[1]) : ir::DataType::float32();
    std::string name =
        in.name_hint().empty() ? fmt::format("out{}", ctx->outputs.size()) : in.name_hint();
    ir::Buffer buf =
        ir::Buffer::make(name, t, in.to_shape(*b[0], locs[0]), ir::MemScope::kGlobal, {}, a.loc);
    ctx->params.push_back({buf, {}});
    ctx->outputs.push_back(buf);
    return Value::of_buffer(buf);
  };

  r["T.Kernel"] = [](Interp& in, CallArgs& a) {
    for (size_t k = 0; k < a.kwargs.size(); ++k) {
      const std::string& n = a.kwargs[k].first;
      if (n != "threads" && n != "is_cpu" && n != "prelude") {
        user_error(a.kw_locs[k], "T.Kernel() got an unexpected keyword argument '" + n + "'");
      }
      if (n == "is_cpu" && in.truthy(a.kwargs[k].second, a.kw_locs[k])) {
        user_error(a.kw_locs[k], "T.Kernel(is_cpu=True) is not supported on Tenstorrent");
      }
    }
    if (a.args.size() > 3) {
      user_error(a.arg_locs[3],
                 fmt::format("T.Kernel takes 0 to 3 grid dimensions (got {})", a.args.size()));
    }
    auto spec = std::make_shared<LaunchSpec>();
    if (a.args.empty()) {
      // T.Kernel() with no grid: a single block, with no block index to bind.
      spec->extents.push_back(ir::make_int(1, a.loc));
      spec->no_grid = true;
    }
    for (size_t i = 0; i < a.args.size(); ++i) {
      spec->extents.push_back(extent_of(in, a.args[i], a.arg_locs[i], "grid extent"));
    }
    Value v;
    v.kind = VK::kLaunchSpec;
    v.launch = spec;
    return v;
  };

  r["T.Parallel"] = [](Interp& in, CallArgs& a) {
    // coalesced_width, loop_layout, prefer_async (cp.async for the loop's copies) and the
    // loop's annotations (async-copy pipeline flags) guide GPU code generation only.
    return multi_loop(in, a, "T.Parallel", ir::ForKind::kParallel,
                      {"coalesced_width", "loop_layout", "prefer_async", "annotations"});
  };
  r["T.grid"] = [](Interp& in, CallArgs& a) {
    return multi_loop(in, a, "T.grid", ir::ForKind::kSerial, {});
  };
  auto simple_range = [](std::string name, ir::ForKind kind) {
    return [name, kind](Interp& in, CallArgs& a) {
      std::vector<Location> locs;
      auto b = bind_args(a, name, {"start", "stop?", "step?", "annotations?"}, &locs);
      if (b[2] && !(b[2]->kind == VK::kNone || (b[2]->kind == VK::kInt && b[2]->i == 1))) {
        user_error(locs[2], name + "() with a step other than 1 is not supported");
      }
      auto spec = range_loop(in, b[0], b[1], locs, name, kind);
      return loop_value(spec);
    };
  };
  r["T.serial"] = simple_range("T.serial", ir::ForKind::kSerial);
  r["T.Serial"] = r["T.serial"];
  r["T.parallel"] = simple_range("T.parallel", ir::ForKind::kParallel);
  r["T.unroll"] = simple_range("T.unroll", ir::ForKind::kUnrolled);
  r["T.vectorized"] = simple_range("T.vectorized", ir::ForKind::kVectorized);
  r["T.Pipelined"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b =
        bind_args(a, "T.Pipelined",
                  {"start", "stop?", "num_stages?", "order?", "stage?", "sync?", "group?"}, &locs);
    auto spec = range_loop(in, b[0], b[1], locs, "T.Pipelined", ir::ForKind::kPipelined);
    if (b[2] && b[2]->kind != VK::kNone) {
      spec->num_stages = in.to_int(*b[2], locs[2], "num_stages");
      if (spec->num_stages < 0) {
        user_error(locs[2], "num_stages must not be negative");
      }
    }
    const char* names[] = {"order", "stage", "sync", "group"};
    for (int i = 0; i < 4; ++i) {
      if (b[3 + i] && b[3 + i]->kind != VK::kNone) {
        spec->attrs.set(names[i], to_attr(in, *b[3 + i], locs[3 + i]));
      }
    }
    return loop_value(spec);
  };

  // T.Persistent(domain, wave_size, index[, group_size]): the tiles of `domain` one core of a
  // persistent grid handles (see LoopSpec). group_size orders tiles for GPU L2 reuse; the tile
  // order does not change results, so it is accepted and the order is row-major.
  r["T.Persistent"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.Persistent", {"domain", "wave_size", "index", "group_size?"}, &locs);
    in.require_kernel(a.callee_loc, "T.Persistent");
    auto spec = std::make_shared<LoopSpec>();
    spec->construct = "T.Persistent";
    std::vector<Value> dims =
        b[0]->kind == VK::kList || b[0]->kind == VK::kTuple ? b[0]->items : std::vector{*b[0]};
    if (dims.empty()) {
      user_error(locs[0], "T.Persistent needs at least one domain extent");
    }
    for (const Value& d : dims) {
      spec->mins.push_back(ir::make_int(0, locs[0]));
      spec->extents.push_back(extent_of(in, d, locs[0], "T.Persistent domain extent"));
    }
    spec->wave_size = extent_of(in, *b[1], locs[1], "T.Persistent wave size");
    ir::Expr index = in.to_expr(*b[2], locs[2]);
    if (!index.dtype().is_integer()) {
      user_error(locs[2], "T.Persistent index must be an integer, got " + index.dtype().str());
    }
    spec->wave_index = cast_to(index, ir::DataType::int32(), locs[2]);
    return loop_value(spec);
  };

  r["T.alloc_shared"] = [](Interp& in, CallArgs& a) {
    return alloc(in, a, "T.alloc_shared", ir::MemScope::kShared, false);
  };
  r["T.alloc_fragment"] = [](Interp& in, CallArgs& a) {
    return alloc(in, a, "T.alloc_fragment", ir::MemScope::kFragment, false);
  };
  // Device-memory scratch allocated inside a kernel (T.alloc_global, T.alloc_buffer without an
  // on-chip scope) becomes a global-scope allocation; the lowering (infer-layout) rejects it
  // until kernel-allocated DRAM buffers are lowered. T.alloc_buffer with an on-chip scope is an
  // ordinary allocation.
  r["T.alloc_global"] = [](Interp& in, CallArgs& a) {
    return alloc(in, a, "T.alloc_global", ir::MemScope::kGlobal, false);
  };
  r["T.alloc_buffer"] = [](Interp& in, CallArgs& a) {
    return alloc(in, a, "T.alloc_buffer", ir::MemScope::kGlobal, false);
  };
  // T.alloc_reducer(shape, dtype, op="sum", replication=None): on a GPU every thread (or none)
  // keeps a replica that T.finalize_reducer combines with `op`. A tile program has one copy of
  // the buffer, which already holds the combined value, so the reducer is a fragment buffer
  // (initialised by the program, as TileLang requires) whose attribute tl.reducer_op keeps `op`
  // for T.reducer_init / T.reducer_update; finalize_reducer only copies it when given a
  // destination. Accumulating updates in T.Parallel nests become reductions in A1.
  r["T.alloc_reducer"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.alloc_reducer", {"shape", "dtype", "op?", "replication?"}, &locs);
    if (b[2] &&
        (b[2]->kind != VK::kStr || (b[2]->s != "sum" && b[2]->s != "max" && b[2]->s != "min"))) {
      user_error(locs[2],
                 "T.alloc_reducer: op must be \"sum\", \"max\" or \"min\", got " + show(*b[2]));
    }
    if (b[3] && b[3]->kind != VK::kNone &&
        (b[3]->kind != VK::kStr || (b[3]->s != "all" && b[3]->s != "none"))) {
      user_error(locs[3],
                 "T.alloc_reducer: replication must be \"all\" or \"none\", got " + show(*b[3]));
    }
    CallArgs shape_dtype;
    shape_dtype.args = {*b[0], *b[1]};
    shape_dtype.arg_locs = {locs[0], locs[1]};
    shape_dtype.loc = a.loc;
    shape_dtype.callee_loc = a.callee_loc;
    ir::Attrs attrs;
    attrs.set("tl.reducer_op", b[2] ? b[2]->s : std::string("sum"));
    return alloc(in, shape_dtype, "T.alloc_reducer", ir::MemScope::kFragment, false, attrs);
  };
  // The reducer buffer of argument `i` and its op ("sum", "max", "min").
  auto reducer = [](const std::optional<Value>& v, const Location& loc, const std::string& name) {
    const ir::Buffer* buf = nullptr;
    if (v->kind == VK::kBuffer) {
      buf = &v->buffer;
    } else if (const auto* l = v->kind == VK::kExpr ? v->expr.as<ir::BufferLoad>() : nullptr) {
      buf = &l->buffer;
    }
    const ir::AttrValue* op = buf ? (*buf)->attrs.find("tl.reducer_op") : nullptr;
    if (!op) {
      user_error(loc, name + " expects a buffer from T.alloc_reducer, got " +
                          (buf ? std::string("the ") + ir::mem_scope_name((*buf)->scope) +
                                     " buffer '" + (*buf)->name + "'"
                               : type_name(*v)));
    }
    return std::make_pair(*buf, op->as_string());
  };
  r["T.finalize_reducer"] = [reducer](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.finalize_reducer", {"reducer", "dst?", "batch?"}, &locs);
    KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.finalize_reducer");
    if (b[0]->kind != VK::kBuffer) {
      user_error(locs[0], "T.finalize_reducer expects a buffer from T.alloc_reducer, got " +
                              type_name(*b[0]));
    }
    ir::Buffer acc = reducer(b[0], locs[0], "T.finalize_reducer").first;
    if (b[1] && b[1]->kind != VK::kNone) {
      ir::Region dst = in.to_region(*b[1], locs[1], "T.finalize_reducer destination");
      kb.emit(ir::Copy::make(ir::Region::full(acc, locs[0]), dst, {}, a.loc));
    }
    return Value::none();
  };
  // T.reducer_init(acc): acc = the identity of its op.
  r["T.reducer_init"] = [reducer](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.reducer_init", {"reducer"}, &locs);
    KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.reducer_init");
    auto [acc, op] = reducer(b[0], locs[0], "T.reducer_init");
    double init = op == "sum" ? 0.0 : op == "max" ? -INFINITY : INFINITY;
    kb.emit(ir::Fill::make(ir::Region::full(acc, locs[0]),
                           ir::FloatImm::make(init, acc->dtype, a.loc), a.loc));
    return Value::none();
  };
  // T.reducer_update(acc[i], value): acc[i] = acc[i] (op) value.
  r["T.reducer_update"] = [reducer](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.reducer_update", {"dst", "value"}, &locs);
    KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.reducer_update");
    const auto* load = b[0]->kind == VK::kExpr ? b[0]->expr.as<ir::BufferLoad>() : nullptr;
    auto [acc, op] = reducer(b[0], locs[0], "T.reducer_update");
    if (!load) {
      user_error(locs[0], "T.reducer_update expects an element of the reducer, e.g. acc[i]");
    }
    ir::Expr v = cast_to(in.to_expr(*b[1], locs[1], acc->dtype), acc->dtype, locs[1]);
    ir::BinaryOp bop = op == "sum"   ? ir::BinaryOp::kAdd
                       : op == "max" ? ir::BinaryOp::kMax
                                     : ir::BinaryOp::kMin;
    kb.emit(ir::BufferStore::make(acc, load->indices, ir::Binary::make(bop, b[0]->expr, v, a.loc),
                                  a.loc));
    return Value::none();
  };
  r["T.alloc_local"] = [](Interp& in, CallArgs& a) {
    return alloc(in, a, "T.alloc_local", ir::MemScope::kLocal, false);
  };
  r["T.alloc_var"] = [](Interp& in, CallArgs& a) {
    return alloc(in, a, "T.alloc_var", ir::MemScope::kVar, true);
  };

  r["T.ceildiv"] = [](Interp& in, CallArgs& a) {
    return index_op(in, a, "T.ceildiv", ir::BinaryOp::kCeilDiv);
  };
  r["T.floordiv"] = [](Interp& in, CallArgs& a) {
    return index_op(in, a, "T.floordiv", ir::BinaryOp::kFloorDiv);
  };
  r["T.floormod"] = [](Interp& in, CallArgs& a) {
    return index_op(in, a, "T.floormod", ir::BinaryOp::kFloorMod);
  };
  // T.index_to_coordinates(index, shape): the row-major coordinates of a flat index.
  r["T.index_to_coordinates"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.index_to_coordinates", {"index", "shape"}, &locs);
    ir::Expr rest = in.to_expr(*b[0], locs[0]);
    if (!rest.dtype().is_integer()) {
      user_error(locs[0], "T.index_to_coordinates index must be an integer");
    }
    std::vector<ir::Expr> shape = in.to_shape(*b[1], locs[1]);
    std::vector<Value> coords(shape.size());
    for (size_t i = shape.size(); i-- > 0;) {
      coords[i] = Value::of_expr(
          i == 0 ? rest : make_binary(ir::BinaryOp::kFloorMod, rest, shape[i], a.loc));
      rest = make_binary(ir::BinaryOp::kFloorDiv, rest, shape[i], a.loc);
    }
    return Value::tuple(coords);
  };
  r["T.min"] = [](Interp& in, CallArgs& a) { return index_op(in, a, "T.min", ir::BinaryOp::kMin); };
  r["T.max"] = [](Interp& in, CallArgs& a) { return index_op(in, a, "T.max", ir::BinaryOp::kMax); };
  // T.<fn>(x) for every SFPU function with a TileLang spelling (sfpu_functions.def), so adding
  // one to the table is enough; T.pow(x, n) takes two operands and is registered below. log10
  // and round have no SFPU function: the reference evaluates them and B3 rejects them.
  static const char* const kSfpuSpellings[] = {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) tilelang,
#include "sim/include/ttsim/sfpu_functions.def"
      "log10", "round"};
  for (std::string name : kSfpuSpellings) {
    if (name.empty() || name == "pow") {
      continue;
    }
    r["T." + name] = [name](Interp& in, CallArgs& a) {
      return Value::of_expr(math_call(in, a, name, 1));
    };
  }
  // T.reinterpret(value, dtype) (TileLang's order, like T.Cast's keyword form) and
  // tvm.tir.reinterpret(dtype, value) (TVM's): the value's bits read as another dtype. A call
  // node of the IR; the lowering (lower-to-sfpu) rejects it until bit casts have a tile op.
  auto reinterpret = [](std::string name, bool dtype_first) {
    return [name, dtype_first](Interp& in, CallArgs& a) {
      std::vector<Location> locs;
      auto b = bind_args(a, name,
                         dtype_first ? std::vector<std::string>{"dtype", "value"}
                                     : std::vector<std::string>{"value", "dtype"},
                         &locs);
      size_t d = dtype_first ? 0 : 1;
      ir::DataType t = in.to_dtype(*b[d], locs[d]);
      ir::Expr v = in.to_expr(*b[1 - d], locs[1 - d]);
      if (t.bits() != v.dtype().bits()) {
        user_error(a.loc, fmt::format("{}: {} and {} have different bit widths", name,
                                      v.dtype().str(), t.str()));
      }
      return Value::of_expr(ir::Call::make(t, "reinterpret", {v}, {}, a.loc));
    };
  };
  r["T.reinterpret"] = reinterpret("T.reinterpret", false);
  r["tvm.tir.reinterpret"] = reinterpret("tvm.tir.reinterpret", true);
  r["tvm.tirx.reinterpret"] = reinterpret("tvm.tirx.reinterpret", true);
  r["T.pow"] = [](Interp& in, CallArgs& a) { return Value::of_expr(math_call(in, a, "pow", 2)); };
  r["T.clamp"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "T.clamp", {"x", "lo", "hi"});
    ir::Expr x = in.to_expr(*b[0], a.loc);
    ir::Expr lo = in.to_expr(*b[1], a.loc, x.dtype());
    ir::Expr hi = in.to_expr(*b[2], a.loc, x.dtype());
    return Value::of_expr(
        make_binary(ir::BinaryOp::kMax, make_binary(ir::BinaryOp::kMin, x, hi, a.loc), lo, a.loc));
  };

  r["T.if_then_else"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.if_then_else", {"cond", "then_expr", "else_expr"}, &locs);
    if (b[0]->kind != VK::kExpr) {
      return in.truthy(*b[0], locs[0]) ? *b[1] : *b[2];
    }
    ir::Expr t = b[1]->kind == VK::kExpr ? b[1]->expr : ir::Expr();
    ir::Expr f = b[2]->kind == VK::kExpr ? b[2]->expr : ir::Expr();
    if (!t.defined() && !f.defined()) {
      t = in.to_expr(*b[1], locs[1]);
      f = in.to_expr(*b[2], locs[2], t.dtype());
    }
    if (!t.defined()) {
      t = in.to_expr(*b[1], locs[1], f.dtype());
    }
    if (!f.defined()) {
      f = in.to_expr(*b[2], locs[2], t.dtype());
    }
    return Value::of_expr(make_select(b[0]->expr, t, f, a.loc));
  };
  r["T.infinity"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.infinity", {"dtype"}, &locs);
    ir::DataType t = in.to_dtype(*b[0], locs[0]);
    if (!t.is_float()) {
      user_error(locs[0], "T.infinity needs a floating-point dtype, got " + t.str());
    }
    return Value::of_expr(ir::FloatImm::make(INFINITY, t, a.loc));
  };
  auto limit = [](bool is_max) {
    return [is_max](Interp& in, CallArgs& a) {
      std::vector<Location> locs;
      auto b = bind_args(a, is_max ? "T.max_value" : "T.min_value", {"dtype"}, &locs);
      ir::DataType t = in.to_dtype(*b[0], locs[0]);
      if (t.is_float()) {
        double m = max_value(t);
        return Value::of_expr(ir::FloatImm::make(is_max ? m : -m, t, a.loc));
      }
      if (t.is_int()) {
        int64_t m = t.bits() >= 64 ? INT64_MAX : (int64_t{1} << (t.bits() - 1)) - 1;
        return Value::of_expr(ir::IntImm::make(is_max ? m : -m - 1, t, a.loc));
      }
      if (t.is_uint()) {
        int64_t m = t.bits() >= 63 ? INT64_MAX : (int64_t{1} << t.bits()) - 1;
        return Value::of_expr(ir::IntImm::make(is_max ? m : 0, t, a.loc));
      }
      user_error(locs[0], "no limits for dtype " + t.str());
    };
  };
  r["T.max_value"] = limit(true);
  r["T.min_value"] = limit(false);
  r["T.Cast"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.Cast", {"dtype", "value"}, &locs);
    ir::DataType t = in.to_dtype(*b[0], locs[0]);
    return Value::of_expr(cast_to(in.to_expr(*b[1], locs[1]), t, a.loc));
  };
  r["T.cast"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.cast", {"value", "dtype"}, &locs);
    ir::DataType t = in.to_dtype(*b[1], locs[1]);
    return Value::of_expr(cast_to(in.to_expr(*b[0], locs[0]), t, a.loc));
  };

  r["T.Select"] = r["T.if_then_else"];

  // T.make_tensor(ptrs[i], shape, dtype): a tensor at the device address held by an element of a
  // tensor of addresses (T.ptr), read when the kernel runs. The address is a let (`<name>_address`)
  // and the tensor a BufferView whose source is the address tensor (a view of a handle tensor is
  // the memory its addresses point at); A1 rejects it, since every tensor's address is fixed when
  // the Tenstorrent program is built. Any other address (an integer, a handle parameter) has no
  // IR form.
  r["T.make_tensor"] = [](Interp& in, CallArgs& a) -> Value {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.make_tensor", {"ptr", "shape", "dtype?", "strides?"}, &locs);
    KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.make_tensor");
    const ir::BufferLoad* at = b[0]->kind == VK::kExpr ? b[0]->expr.as<ir::BufferLoad>() : nullptr;
    if (at == nullptr || !at->buffer->dtype.is_handle()) {
      user_error(locs[0],
                 "'T.make_tensor' takes an element of a tensor of device addresses "
                 "(T.Tensor(shape, T.ptr)), got " +
                     type_name(*b[0]));
    }
    if (b[3] && b[3]->kind != VK::kNone) {
      user_error(locs[3],
                 "T.make_tensor with 'strides' (a strided view of memory) has no "
                 "Tenstorrent lowering yet");
    }
    ir::DataType t = b[2] ? in.to_dtype(*b[2], locs[2]) : ir::DataType::float32();
    std::string name = in.name_hint().empty() ? at->buffer->name + "_tensor" : in.name_hint();
    kb.let(ir::Variable::make(name + "_address", at->buffer->dtype, locs[0]), b[0]->expr, locs[0]);
    ir::Buffer view =
        ir::Buffer::make(name, t, in.to_shape(*b[1], locs[1]), at->buffer->scope, {}, a.loc);
    kb.view(view, at->buffer, "T.make_tensor", a.loc);
    return Value::of_buffer(view);
  };

  // Views of a buffer's memory with another shape (T.reshape) or shape and dtype (T.view).
  r["T.reshape"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.reshape", {"src", "shape"}, &locs);
    if (b[0]->kind != VK::kBuffer) {
      user_error(locs[0], "T.reshape views a buffer, got " + type_name(*b[0]));
    }
    return buffer_view(in, a.loc, "T.reshape", *b[0], locs[0], in.to_shape(*b[1], locs[1]),
                       b[0]->buffer->dtype);
  };
  r["T.view"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.view", {"src", "shape?", "dtype?"}, &locs);
    if (b[0]->kind != VK::kBuffer) {
      user_error(locs[0], "T.view views a buffer, got " + type_name(*b[0]));
    }
    const ir::Buffer& src = b[0]->buffer;
    bool has_shape = b[1] && b[1]->kind != VK::kNone;
    bool has_dtype = b[2] && b[2]->kind != VK::kNone;
    ir::DataType t = has_dtype ? in.to_dtype(*b[2], locs[2]) : src->dtype;
    std::vector<ir::Expr> shape = has_shape ? in.to_shape(*b[1], locs[1]) : src->shape;
    if (!has_shape && has_dtype && !shape.empty() && t.bits() != src->dtype.bits()) {
      // Another element width without a shape: the last axis scales by the width ratio.
      auto last = ir::as_const_int(shape.back());
      int64_t total = last ? *last * src->dtype.bits() : 0;
      if (!last || total % t.bits() != 0) {
        user_error(a.loc, "T.view of '" + src->name + "' as " + t.str() +
                              " needs a shape: the last axis does not divide evenly");
      }
      shape.back() = ir::make_int(total / t.bits(), a.loc);
    }
    return buffer_view(in, a.loc, "T.view", *b[0], locs[0], std::move(shape), t);
  };

  r["T.use_swizzle"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.use_swizzle", {"panel_size", "order?", "enable?"}, &locs);
    KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.use_swizzle");
    ir::Attrs attrs;
    attrs.set("order", b[1] ? to_attr(in, *b[1], locs[1]) : ir::AttrValue("row"));
    attrs.set("enable", b[2] ? in.to_bool(*b[2], locs[2], "enable") : true);
    ir::Expr panel = in.to_expr(*b[0], locs[0]);
    kb.emit(ir::Evaluate::make(
        ir::Call::make(ir::DataType::void_type(), "use_swizzle", {panel}, attrs, a.loc), a.loc));
    return Value::none();
  };

  r["T.annotate_layout"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "T.annotate_layout", {"layout_map"}, &locs);
    KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.annotate_layout");
    if (b[0]->kind != VK::kDict) {
      user_error(locs[0],
                 "T.annotate_layout expects a dict {buffer: layout}, got " + type_name(*b[0]));
    }
    std::vector<ir::Buffer> bufs;
    std::vector<ir::Expr> layouts;
    for (size_t i = 0; i < b[0]->items.size(); ++i) {
      const Value& k = b[0]->items[i];
      const Value& v = b[0]->values[i];
      if (k.kind != VK::kBuffer) {
        user_error(locs[0], "T.annotate_layout keys must be buffers, got " + type_name(k));
      }
      if (v.kind == VK::kOpaque && v.s.rfind("gpu-layout:", 0) == 0) {
        in.remark(locs[0], "GPU layout " + v.s.substr(11) + " for '" + k.buffer->name +
                               "' (an index map) guides GPU code generation; ignored on "
                               "Tenstorrent");
        continue;
      }
      ir::Expr layout;
      if (v.kind == VK::kExpr) {
        layout = v.expr;
      } else if (v.kind == VK::kDict) {
        layout = ir::Call::make(ir::DataType::handle(), "layout", {},
                                to_attr(in, v, locs[0]).as_dict(), locs[0]);
      } else {
        user_error(locs[0], "layout for '" + k.buffer->name +
                                "' must be a layout object or a "
                                "dict of layout fields, got " +
                                type_name(v));
      }
      bufs.push_back(k.buffer);
      layouts.push_back(layout);
    }
    if (!bufs.empty()) {
      kb.emit(ir::AnnotateLayout::make(bufs, layouts, a.loc));
    }
    return Value::none();
  };

  // The CUDA tensor-core swizzle of a shared buffer (make_mma_swizzle_layout(buf)) guides GPU code
  // generation only: accepted, and ignored by T.annotate_layout with a remark.
  for (const char* fn : {"tilelang.cuda.intrinsics.make_mma_swizzle_layout",
                         "tilelang.cuda.intrinsics.layout.make_mma_swizzle_layout",
                         "tilelang.cuda.intrinsics.layout.mma_layout.make_mma_swizzle_layout"}) {
    r[fn] = [](Interp&, CallArgs&) { return Value::opaque("gpu-layout:make_mma_swizzle_layout"); };
  }
  // Layout constructors produce layout expressions kept verbatim for later passes.
  // T.TTLayout(memory=, layout=, nd_shard=, ...) is the Tenstorrent tensor layout
  // (docs/layouts.md).
  for (const char* fn : {"tilelang.layout.make_swizzled_layout", "T.Layout", "T.Fragment",
                         "tilelang.layout.Layout", "tilelang.layout.Fragment", "T.TTLayout"}) {
    std::string name = fn;
    r[name] = [name](Interp& in, CallArgs& a) {
      // A layout given as a Python index map (lambda / function) is a GPU fragment or shared
      // memory layout: accepted, and ignored by T.annotate_layout.
      if (name != "T.TTLayout") {
        for (const auto& v : a.args) {
          if (v.kind == VK::kFunction) {
            return Value::opaque("gpu-layout:" + name);
          }
        }
      }
      std::vector<ir::Expr> args;
      for (size_t i = 0; i < a.args.size(); ++i) {
        const Value& v = a.args[i];
        if (v.kind == VK::kBuffer) {
          args.push_back(
              ir::RegionRef::make(ir::Region::full(v.buffer, a.arg_locs[i]), a.arg_locs[i]));
        } else if (v.kind == VK::kStr) {
          args.push_back(ir::StringImm::make(v.s, a.arg_locs[i]));
        } else if (v.kind == VK::kExpr || v.is_number()) {
          args.push_back(in.to_expr(v, a.arg_locs[i]));
        } else {
          ir::Attrs wrap;
          wrap.set("value", to_attr(in, v, a.arg_locs[i]));
          args.push_back(ir::Call::make(ir::DataType::handle(), "const", {}, wrap, a.arg_locs[i]));
        }
      }
      ir::Attrs attrs;
      for (size_t k = 0; k < a.kwargs.size(); ++k) {
        attrs.set(a.kwargs[k].first, to_attr(in, a.kwargs[k].second, a.kw_locs[k]));
      }
      std::string short_name = name.substr(name.rfind('.') + 1);
      return Value::of_expr(ir::Call::make(ir::DataType::handle(), short_name, args, attrs, a.loc));
    };
  }
}

}  // namespace tltt::fe
