// Host-side Python around the kernel, evaluated at compile time: the builtins, methods and
// library modules (itertools, functools, dataclasses, math) that tuning spaces and helper code
// use, @dataclass classes, and the device queries factory code sizes persistent grids with.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "frontend/expr_ops.h"
#include "frontend/interp.h"

namespace tltt::fe {

namespace {

constexpr size_t kMaxItems = 65536;

Value make_dict() {
  Value d;
  d.kind = VK::kDict;
  return d;
}

// Python ordering for sorted()/min over plain values.
bool py_less(Interp& in, const Value& a, const Value& b, const Location& loc) {
  if (a.is_number() && b.is_number()) {
    return as_number(a, loc) < as_number(b, loc);
  }
  if (a.kind == VK::kStr && b.kind == VK::kStr) {
    return a.s < b.s;
  }
  if (a.is_sequence() && b.is_sequence()) {
    for (size_t i = 0; i < std::min(a.items.size(), b.items.size()); ++i) {
      if (py_less(in, a.items[i], b.items[i], loc)) {
        return true;
      }
      if (py_less(in, b.items[i], a.items[i], loc)) {
        return false;
      }
    }
    return a.items.size() < b.items.size();
  }
  user_error(loc, "cannot order " + type_name(a) + " and " + type_name(b));
}

Value call1(Interp& in, const Value& fn, const Value& x, const Location& loc) {
  CallArgs c;
  c.loc = loc;
  c.callee_loc = loc;
  c.args = {x};
  c.arg_locs = {loc};
  return in.call(fn, c);
}

std::string format_value(const Value& v) { return v.kind == VK::kStr ? v.s : show(v); }

// str.format with `{}`, `{0}`, `{name}` and an optional `:spec` that is ignored except for
// plain widths of integers.
std::string py_format(const std::string& fmt_s, const CallArgs& a) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < fmt_s.size(); ++i) {
    char c = fmt_s[i];
    if (c == '{' && i + 1 < fmt_s.size() && fmt_s[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    if (c == '}' && i + 1 < fmt_s.size() && fmt_s[i + 1] == '}') {
      out += '}';
      ++i;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    size_t close = fmt_s.find('}', i);
    if (close == std::string::npos) {
      user_error(a.loc, "single '{' in format string");
    }
    std::string field = fmt_s.substr(i + 1, close - i - 1);
    field = field.substr(0, field.find(':'));
    const Value* v = nullptr;
    if (field.empty()) {
      if (next < a.args.size()) {
        v = &a.args[next++];
      }
    } else if (std::isdigit(static_cast<unsigned char>(field[0]))) {
      size_t k = std::stoul(field);
      if (k < a.args.size()) {
        v = &a.args[k];
      }
    } else {
      for (const auto& [k, x] : a.kwargs) {
        if (k == field) {
          v = &x;
        }
      }
    }
    if (v == nullptr) {
      user_error(a.loc, "format string field '{" + field + "}' has no value");
    }
    out += format_value(*v);
    i = close;
  }
  return out;
}

}  // namespace

void dict_set(Value& d, const Value& k, const Value& v) {
  for (size_t i = 0; i < d.items.size(); ++i) {
    if (py_equal(d.items[i], k)) {
      d.values[i] = v;
      return;
    }
  }
  d.items.push_back(k);
  d.values.push_back(v);
}

Value method_value(const Value& obj, const std::string& name) {
  Value m = Value::builtin("method:" + name);
  auto bound = std::make_shared<BoundBuiltin>();
  bound->args = {obj};
  m.bound = bound;
  return m;
}

Value call_builtin_method(Interp& in, const Value& method, CallArgs& a) {
  const std::string name = method.s.substr(7);
  const Value& self = method.bound->args[0];
  const Location& loc = a.loc;
  auto arg = [&](size_t i) -> const Value& {
    if (i >= a.args.size()) {
      user_error(loc, fmt::format("{}.{}() needs {} argument{}", type_name(self), name, i + 1,
                                  i ? "s" : ""));
    }
    return a.args[i];
  };
  auto bad = [&]() -> Value {
    user_error(a.callee_loc, type_name(self) + " has no attribute '" + name + "'");
  };
  switch (self.kind) {
    case VK::kStr: {
      const std::string& s = self.s;
      if (name == "join") {
        std::string out;
        bool first = true;
        for (const Value& x : in.iterate(arg(0), loc)) {
          if (x.kind != VK::kStr) {
            user_error(loc, "str.join() needs strings, got " + type_name(x));
          }
          out += (first ? "" : s) + x.s;
          first = false;
        }
        return Value::str(out);
      }
      if (name == "format") {
        return Value::str(py_format(s, a));
      }
      if (name == "upper" || name == "lower") {
        std::string out = s;
        for (char& c : out) {
          c = name == "upper" ? std::toupper(c) : std::tolower(c);
        }
        return Value::str(out);
      }
      if (name == "isdigit" || name == "isalpha") {
        bool all = !s.empty();
        for (char c : s) {
          all &= name == "isdigit" ? std::isdigit(static_cast<unsigned char>(c)) != 0
                                   : std::isalpha(static_cast<unsigned char>(c)) != 0;
        }
        return Value::boolean(all);
      }
      if (name == "startswith") {
        return Value::boolean(s.rfind(arg(0).s, 0) == 0);
      }
      if (name == "endswith") {
        const std::string& t = arg(0).s;
        return Value::boolean(s.size() >= t.size() &&
                              s.compare(s.size() - t.size(), t.size(), t) == 0);
      }
      if (name == "strip") {
        size_t b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
        return Value::str(b == std::string::npos ? "" : s.substr(b, e - b + 1));
      }
      if (name == "replace") {
        std::string out, from = arg(0).s, to = arg(1).s;
        if (from.empty()) {
          return self;
        }
        for (size_t i = 0; i < s.size();) {
          if (s.compare(i, from.size(), from) == 0) {
            out += to;
            i += from.size();
          } else {
            out += s[i++];
          }
        }
        return Value::str(out);
      }
      if (name == "split") {
        std::vector<Value> parts;
        std::string sep = a.args.empty() || a.args[0].kind == VK::kNone ? "" : a.args[0].s;
        size_t i = 0;
        if (sep.empty()) {
          while (i < s.size()) {
            while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) {
              ++i;
            }
            size_t j = i;
            while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) {
              ++j;
            }
            if (j > i) {
              parts.push_back(Value::str(s.substr(i, j - i)));
            }
            i = j;
          }
        } else {
          for (size_t j; (j = s.find(sep, i)) != std::string::npos; i = j + sep.size()) {
            parts.push_back(Value::str(s.substr(i, j - i)));
          }
          parts.push_back(Value::str(s.substr(i)));
        }
        return Value::list(parts);
      }
      return bad();
    }
    case VK::kList:
    case VK::kTuple: {
      if (name == "index") {
        for (size_t i = 0; i < self.items.size(); ++i) {
          if (py_equal(self.items[i], arg(0))) {
            return Value::integer(static_cast<int64_t>(i));
          }
        }
        user_error(loc, show(arg(0)) + " is not in the " + type_name(self));
      }
      if (name == "count") {
        int64_t n = 0;
        for (const auto& x : self.items) {
          n += py_equal(x, arg(0));
        }
        return Value::integer(n);
      }
      if (name == "copy" && self.kind == VK::kList) {
        return self;
      }
      return bad();
    }
    case VK::kDict: {
      if (name == "items") {
        std::vector<Value> out;
        for (size_t i = 0; i < self.items.size(); ++i) {
          out.push_back(Value::tuple({self.items[i], self.values[i]}));
        }
        return Value::list(out);
      }
      if (name == "keys") {
        return Value::list(self.items);
      }
      if (name == "values") {
        return Value::list(self.values);
      }
      if (name == "copy") {
        return self;
      }
      if (name == "get") {
        for (size_t i = 0; i < self.items.size(); ++i) {
          if (py_equal(self.items[i], arg(0))) {
            return self.values[i];
          }
        }
        return a.args.size() > 1 ? a.args[1] : Value::none();
      }
      return bad();
    }
    case VK::kInt:
      if (name == "bit_length") {
        uint64_t x = self.i < 0 ? -static_cast<uint64_t>(self.i) : static_cast<uint64_t>(self.i);
        int64_t n = 0;
        while (x) {
          ++n;
          x >>= 1;
        }
        return Value::integer(n);
      }
      return bad();
    case VK::kFloat:
      if (name == "is_integer") {
        return Value::boolean(std::floor(self.f) == self.f);
      }
      return bad();
    case VK::kExpr:
      if (name == "astype") {
        return Value::of_expr(cast_to(self.expr, in.to_dtype(arg(0), loc), loc));
      }
      return bad();
    case VK::kDType:
      // The TVM dtype API: DataType(...).astype / str(dtype).
      if (name == "astype" || name == "with_bits") {
        return Value::dtype_value(in.to_dtype(arg(0), loc));
      }
      return bad();
    case VK::kBuiltin:
      if (is_tuner_object(self)) {
        return call_tuner_method(in, self, name, a);
      }
      return bad();
    default:
      return bad();
  }
}

// list.append/extend/insert/pop/remove/sort/reverse/clear and dict.update/setdefault/pop on a
// named variable: Python values are immutable here, so the variable is rebound to the new value.
bool Interp::call_method(const ast::Expr& e, const EnvP& env, Value* result) {
  if (e.a->kind != ast::ExprKind::kAttribute || e.a->a->kind != ast::ExprKind::kName) {
    return false;
  }
  static const char* kMutating[] = {"append",  "extend", "insert", "pop",        "remove", "sort",
                                    "reverse", "clear",  "update", "setdefault", "add"};
  const std::string& m = e.a->name;
  if (std::find(std::begin(kMutating), std::end(kMutating), m) == std::end(kMutating)) {
    return false;
  }
  const std::string& var = e.a->a->name;
  Value self = lookup(var, env, e.a->a->loc);
  if (self.kind != VK::kList && self.kind != VK::kDict) {
    return false;
  }
  CallArgs a;
  a.loc = e.loc;
  for (const auto& x : e.elts) {
    a.args.push_back(eval(x, env));
    a.arg_locs.push_back(x->loc);
  }
  for (const auto& kw : e.keywords) {
    a.kwargs.push_back({kw.name, eval(kw.value, env)});
  }
  auto need = [&](size_t n) {
    if (a.args.size() < n) {
      user_error(e.loc, fmt::format("{}() needs {} argument(s)", m, n));
    }
  };
  Value out = Value::none();
  if (self.kind == VK::kList) {
    auto& items = self.items;
    if (m == "append" || m == "add") {
      need(1);
      items.push_back(a.args[0]);
    } else if (m == "extend") {
      need(1);
      for (const auto& x : iterate(a.args[0], a.arg_locs[0])) {
        items.push_back(x);
      }
    } else if (m == "insert") {
      need(2);
      int64_t i = to_int(a.args[0], a.arg_locs[0], "index");
      int64_t n = static_cast<int64_t>(items.size());
      if (i < 0) {
        i = std::max<int64_t>(0, i + n);
      }
      items.insert(items.begin() + std::min(i, n), a.args[1]);
    } else if (m == "pop") {
      if (items.empty()) {
        user_error(e.loc, "pop from an empty list");
      }
      int64_t n = static_cast<int64_t>(items.size());
      int64_t i = a.args.empty() ? n - 1 : to_int(a.args[0], a.arg_locs[0], "index");
      if (i < 0) {
        i += n;
      }
      if (i < 0 || i >= n) {
        user_error(e.loc, "pop index out of range");
      }
      out = items[i];
      items.erase(items.begin() + i);
    } else if (m == "remove") {
      need(1);
      auto it = std::find_if(items.begin(), items.end(),
                             [&](const Value& x) { return py_equal(x, a.args[0]); });
      if (it == items.end()) {
        user_error(e.loc, "list.remove(x): x not in list");
      }
      items.erase(it);
    } else if (m == "sort") {
      Value key;
      bool reverse = false;
      for (const auto& [k, v] : a.kwargs) {
        if (k == "key") {
          key = v;
        }
        if (k == "reverse") {
          reverse = truthy(v, e.loc);
        }
      }
      std::vector<std::pair<Value, Value>> keyed;
      for (const auto& x : items) {
        keyed.push_back({key.kind == VK::kNone ? x : call1(*this, key, x, e.loc), x});
      }
      std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& p, const auto& q) {
        return reverse ? py_less(*this, q.first, p.first, e.loc)
                       : py_less(*this, p.first, q.first, e.loc);
      });
      for (size_t i = 0; i < items.size(); ++i) {
        items[i] = keyed[i].second;
      }
    } else if (m == "reverse") {
      std::reverse(items.begin(), items.end());
    } else if (m == "clear") {
      items.clear();
    } else {
      return false;
    }
    if (items.size() > kMaxItems) {
      user_error(e.loc, "list too large for compile-time evaluation");
    }
  } else {
    if (m == "update") {
      if (!a.args.empty()) {
        const Value& o = a.args[0];
        if (o.kind != VK::kDict) {
          user_error(e.loc, "dict.update() needs a dict");
        }
        for (size_t i = 0; i < o.items.size(); ++i) {
          dict_set(self, o.items[i], o.values[i]);
        }
      }
      for (const auto& [k, v] : a.kwargs) {
        dict_set(self, Value::str(k), v);
      }
    } else if (m == "setdefault") {
      need(1);
      out = a.args.size() > 1 ? a.args[1] : Value::none();
      bool found = false;
      for (size_t i = 0; i < self.items.size(); ++i) {
        if (py_equal(self.items[i], a.args[0])) {
          out = self.values[i];
          found = true;
        }
      }
      if (!found) {
        dict_set(self, a.args[0], out);
      }
    } else if (m == "pop") {
      need(1);
      bool found = false;
      for (size_t i = 0; i < self.items.size(); ++i) {
        if (py_equal(self.items[i], a.args[0])) {
          out = self.values[i];
          self.items.erase(self.items.begin() + i);
          self.values.erase(self.values.begin() + i);
          found = true;
          break;
        }
      }
      if (!found) {
        if (a.args.size() < 2) {
          user_error(e.loc, "key " + show(a.args[0]) + " not found");
        }
        out = a.args[1];
      }
    } else if (m == "clear") {
      self.items.clear();
      self.values.clear();
    } else {
      return false;
    }
  }
  // Rebind the variable where it lives.
  for (Env* s = env.get(); s != nullptr; s = s->parent().get()) {
    if (s->lookup_local(var) != nullptr) {
      s->set(var, self);
      *result = out;
      return true;
    }
  }
  env->set(var, self);
  *result = out;
  return true;
}

// @dataclass classes: fields are the annotated class-level names (with their defaults).
Value Interp::define_class(const ast::Stmt& s, const EnvP& env) {
  auto p = std::make_shared<FunctionPayload>();
  p->def = std::shared_ptr<const ast::Stmt>(std::shared_ptr<const ast::Stmt>{}, &s);
  p->closure = env;
  Value c;
  c.kind = VK::kClass;
  c.fn = p;
  return c;
}

Value Interp::construct_object(const Value& cls, CallArgs& args) {
  const ast::Stmt& def = *cls.fn->def;
  Value obj;
  obj.kind = VK::kObject;
  obj.s = def.name;
  size_t pos = 0;
  EnvP cenv = make_env(cls.fn->closure);
  for (const auto& st : def.body) {
    if (st->kind == ast::StmtKind::kAnnAssign && st->targets[0]->kind == ast::ExprKind::kName) {
      const std::string& f = st->targets[0]->name;
      std::optional<Value> v;
      if (pos < args.args.size()) {
        v = args.args[pos++];
      }
      for (const auto& [k, x] : args.kwargs) {
        if (k == f) {
          v = x;
        }
      }
      if (!v && st->value) {
        Value d = eval(st->value, cenv);
        // dataclasses.field(default=...) / field(default_factory=...)
        if (d.kind == VK::kObject && d.s == "dataclasses.field") {
          bool factory = !d.items.empty() && d.items[0].s == "default_factory";
          d = d.values.empty() ? Value::none() : d.values[0];
          if (factory) {
            CallArgs none;
            none.loc = none.callee_loc = args.loc;
            d = call(d, none);
          }
        }
        v = d;
      }
      if (!v) {
        user_error(args.loc, "missing argument '" + f + "' in call to '" + def.name + "'");
      }
      obj.items.push_back(Value::str(f));
      obj.values.push_back(*v);
    } else if (st->kind == ast::StmtKind::kAssign) {
      exec_stmt(*st, cenv);
    }
  }
  obj.fn = cls.fn;  // methods are looked up in the class body
  for (const auto& st : def.body) {
    if (st->kind == ast::StmtKind::kFunctionDef && st->name == "__init__") {
      CallArgs init = args;
      init.args.erase(init.args.begin(), init.args.begin() + static_cast<long>(pos));
      init.arg_locs.erase(init.arg_locs.begin(), init.arg_locs.begin() + static_cast<long>(pos));
      init.args.insert(init.args.begin(), obj);
      init.arg_locs.insert(init.arg_locs.begin(), args.loc);
      auto p = std::make_shared<FunctionPayload>();
      p->def = st;
      p->closure = cenv;
      Value f;
      f.kind = VK::kFunction;
      f.fn = p;
      return call_function(f, init);
    }
  }
  if (pos < args.args.size()) {
    user_error(args.arg_locs[pos], "'" + def.name + "' takes " + std::to_string(pos) +
                                       " positional arguments but more were given");
  }
  return obj;
}

std::optional<Value> Interp::first_config(const FunctionPayload& fn, const Location& loc) {
  if (!fn.autotune_configs) {
    return std::nullopt;
  }
  Value configs = *fn.autotune_configs;
  if (configs.kind == VK::kFunction || configs.kind == VK::kBuiltin) {
    CallArgs c;
    c.loc = loc;
    c.callee_loc = loc;
    configs = call(configs, c);
  }
  std::vector<Value> all = iterate(configs, loc);
  if (all.empty()) {
    return std::nullopt;
  }
  if (all[0].kind != VK::kDict) {
    user_error(loc,
               "@autotune configs must be dicts of parameter values, got " + type_name(all[0]));
  }
  return all[0];
}

void register_host_builtins() {
  auto& r = builtin_registry();
  r["zip"] = [](Interp& in, CallArgs& a) {
    std::vector<std::vector<Value>> seqs;
    size_t n = SIZE_MAX;
    for (size_t i = 0; i < a.args.size(); ++i) {
      seqs.push_back(in.iterate(a.args[i], a.arg_locs[i]));
      n = std::min(n, seqs.back().size());
    }
    std::vector<Value> out;
    for (size_t k = 0; !seqs.empty() && k < n; ++k) {
      std::vector<Value> t;
      for (const auto& s : seqs) {
        t.push_back(s[k]);
      }
      out.push_back(Value::tuple(t));
    }
    return Value::list(out);
  };
  r["enumerate"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "enumerate", {"iterable", "start?"});
    int64_t start = b[1] ? in.to_int(*b[1], a.loc, "start") : 0;
    std::vector<Value> out;
    for (const auto& x : in.iterate(*b[0], a.loc)) {
      out.push_back(Value::tuple({Value::integer(start++), x}));
    }
    return Value::list(out);
  };
  r["reversed"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "reversed", {"seq"});
    auto v = in.iterate(*b[0], a.loc);
    std::reverse(v.begin(), v.end());
    return Value::list(v);
  };
  r["sorted"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "sorted", {"iterable", "key?", "reverse?"});
    auto v = in.iterate(*b[0], a.loc);
    bool rev = b[2] && in.truthy(*b[2], a.loc);
    std::vector<std::pair<Value, Value>> keyed;
    for (const auto& x : v) {
      keyed.push_back({b[1] && b[1]->kind != VK::kNone ? call1(in, *b[1], x, a.loc) : x, x});
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& p, const auto& q) {
      return rev ? py_less(in, q.first, p.first, a.loc) : py_less(in, p.first, q.first, a.loc);
    });
    std::vector<Value> out;
    for (auto& [k, x] : keyed) {
      out.push_back(x);
    }
    return Value::list(out);
  };
  r["sum"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "sum", {"iterable", "start?"});
    Value acc = b[1] ? *b[1] : Value::integer(0);
    for (const auto& x : in.iterate(*b[0], a.loc)) {
      if (acc.kind == VK::kInt && x.kind == VK::kInt) {
        if (__builtin_add_overflow(acc.i, x.i, &acc.i)) {
          user_error(a.loc, "integer overflow");
        }
      } else if (acc.is_number() && x.is_number()) {
        acc = Value::floating(as_number(acc, a.loc) + as_number(x, a.loc));
      } else if (acc.is_sequence() && x.is_sequence()) {
        acc.items.insert(acc.items.end(), x.items.begin(), x.items.end());
      } else {
        user_error(a.loc, "sum() of " + type_name(x) + " values is not supported at compile time");
      }
    }
    return acc;
  };
  auto any_all = [](bool is_all) {
    return [is_all](Interp& in, CallArgs& a) {
      auto b = bind_args(a, is_all ? "all" : "any", {"iterable"});
      for (const auto& x : in.iterate(*b[0], a.loc)) {
        if (in.truthy(x, a.loc) != is_all) {
          return Value::boolean(!is_all);
        }
      }
      return Value::boolean(is_all);
    };
  };
  r["any"] = any_all(false);
  r["all"] = any_all(true);
  r["divmod"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "divmod", {"a", "b"});
    int64_t x = in.to_int(*b[0], a.loc, "a"), y = in.to_int(*b[1], a.loc, "b");
    if (y == 0) {
      user_error(a.loc, "division by zero");
    }
    int64_t q = x / y, m = x % y;
    if (m != 0 && ((m < 0) != (y < 0))) {
      --q;
      m += y;
    }
    return Value::tuple({Value::integer(q), Value::integer(m)});
  };
  r["dict"] = [](Interp& in, CallArgs& a) {
    Value d = make_dict();
    if (!a.args.empty()) {
      const Value& src = a.args[0];
      if (src.kind == VK::kDict) {
        d = src;
      } else {
        for (const auto& kv : in.iterate(src, a.arg_locs[0])) {
          if (!kv.is_sequence() || kv.items.size() != 2) {
            user_error(a.arg_locs[0], "dict() needs (key, value) pairs, got " + show(kv));
          }
          dict_set(d, kv.items[0], kv.items[1]);
        }
      }
    }
    for (const auto& [k, v] : a.kwargs) {
      dict_set(d, Value::str(k), v);
    }
    return d;
  };
  r["set"] = [](Interp& in, CallArgs& a) {
    std::vector<Value> out;
    if (!a.args.empty()) {
      for (const auto& x : in.iterate(a.args[0], a.arg_locs[0])) {
        if (std::none_of(out.begin(), out.end(), [&](const Value& y) { return py_equal(x, y); })) {
          out.push_back(x);
        }
      }
    }
    return Value::list(out);
  };
  r["isinstance"] = [](Interp&, CallArgs& a) {
    auto b = bind_args(a, "isinstance", {"obj", "classinfo"});
    std::vector<Value> kinds = b[1]->kind == VK::kTuple ? b[1]->items : std::vector<Value>{*b[1]};
    const Value& v = *b[0];
    for (const auto& k : kinds) {
      const std::string& n = k.s;
      if (k.kind == VK::kClass) {
        if (v.kind == VK::kObject && v.s == k.fn->def->name) {
          return Value::boolean(true);
        }
        continue;
      }
      bool hit = (n == "int" && (v.kind == VK::kInt || v.kind == VK::kBool)) ||
                 (n == "float" && v.kind == VK::kFloat) || (n == "bool" && v.kind == VK::kBool) ||
                 (n == "str" && v.kind == VK::kStr) || (n == "list" && v.kind == VK::kList) ||
                 (n == "tuple" && v.kind == VK::kTuple) || (n == "dict" && v.kind == VK::kDict) ||
                 ((n == "T.dtype" || n == "tvm.DataType") && v.kind == VK::kDType);
      if (hit) {
        return Value::boolean(true);
      }
    }
    return Value::boolean(false);
  };
  r["hasattr"] = [](Interp&, CallArgs& a) {
    auto b = bind_args(a, "hasattr", {"obj", "name"});
    if (b[0]->kind == VK::kObject) {
      for (const auto& k : b[0]->items) {
        if (k.s == b[1]->s) {
          return Value::boolean(true);
        }
      }
    }
    return Value::boolean(false);
  };
  r["getattr"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "getattr", {"obj", "name", "default?"});
    if (b[0]->kind == VK::kObject) {
      for (size_t i = 0; i < b[0]->items.size(); ++i) {
        if (b[0]->items[i].s == b[1]->s) {
          return b[0]->values[i];
        }
      }
    }
    if (b[2]) {
      return *b[2];
    }
    (void)in;
    user_error(a.loc, type_name(*b[0]) + " has no attribute '" + b[1]->s + "'");
  };
  // itertools
  r["itertools.product"] = [](Interp& in, CallArgs& a) {
    std::vector<std::vector<Value>> pools;
    int64_t repeat = 1;
    for (const auto& [k, v] : a.kwargs) {
      if (k != "repeat") {
        user_error(a.loc, "itertools.product() got an unexpected keyword '" + k + "'");
      }
      repeat = in.to_int(v, a.loc, "repeat");
    }
    for (int64_t r = 0; r < repeat; ++r) {
      for (size_t i = 0; i < a.args.size(); ++i) {
        pools.push_back(in.iterate(a.args[i], a.arg_locs[i]));
      }
    }
    std::vector<Value> out{Value::tuple({})};
    for (const auto& pool : pools) {
      std::vector<Value> next;
      for (const auto& prefix : out) {
        for (const auto& x : pool) {
          Value t = prefix;
          t.items.push_back(x);
          next.push_back(t);
          if (next.size() > kMaxItems) {
            user_error(a.loc, "itertools.product() too large");
          }
        }
      }
      out = std::move(next);
    }
    return Value::list(out);
  };
  r["itertools.chain"] = [](Interp& in, CallArgs& a) {
    std::vector<Value> out;
    for (size_t i = 0; i < a.args.size(); ++i) {
      for (const auto& x : in.iterate(a.args[i], a.arg_locs[i])) {
        out.push_back(x);
      }
    }
    return Value::list(out);
  };
  // functools
  r["functools.partial"] = [](Interp&, CallArgs& a) {
    if (a.args.empty() || a.args[0].kind != VK::kFunction) {
      user_error(a.loc, "functools.partial() needs a function defined in the file");
    }
    Value f = a.args[0];
    auto p = std::make_shared<FunctionPayload>(*f.fn);
    p->partial_args.insert(p->partial_args.end(), a.args.begin() + 1, a.args.end());
    p->partial_kwargs.insert(p->partial_kwargs.end(), a.kwargs.begin(), a.kwargs.end());
    f.fn = p;
    return f;
  };
  r["functools.reduce"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "functools.reduce", {"function", "iterable", "initial?"});
    auto items = in.iterate(*b[1], a.loc);
    size_t i = 0;
    Value acc;
    if (b[2]) {
      acc = *b[2];
    } else {
      if (items.empty()) {
        user_error(a.loc, "reduce() of an empty sequence with no initial value");
      }
      acc = items[i++];
    }
    for (; i < items.size(); ++i) {
      CallArgs c;
      c.loc = c.callee_loc = a.loc;
      c.args = {acc, items[i]};
      c.arg_locs = {a.loc, a.loc};
      acc = in.call(*b[0], c);
    }
    return acc;
  };
  // math
  r["math.gcd"] = [](Interp& in, CallArgs& a) {
    int64_t g = 0;
    for (size_t i = 0; i < a.args.size(); ++i) {
      g = std::gcd(g, in.to_int(a.args[i], a.arg_locs[i], "x"));
    }
    return Value::integer(g);
  };
  r["math.lcm"] = [](Interp& in, CallArgs& a) {
    int64_t l = 1;
    for (size_t i = 0; i < a.args.size(); ++i) {
      l = std::lcm(l, in.to_int(a.args[i], a.arg_locs[i], "x"));
    }
    return Value::integer(l);
  };
  r["math.prod"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "math.prod", {"iterable"});
    Value acc = Value::integer(1);
    for (const auto& x : in.iterate(*b[0], a.loc)) {
      if (acc.kind == VK::kInt && x.kind == VK::kInt) {
        if (__builtin_mul_overflow(acc.i, x.i, &acc.i)) {
          user_error(a.loc, "integer overflow");
        }
      } else {
        acc = Value::floating(as_number(acc, a.loc) * as_number(x, a.loc));
      }
    }
    return acc;
  };
  r["math.isqrt"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "math.isqrt", {"n"});
    int64_t n = in.to_int(*b[0], a.loc, "n");
    if (n < 0) {
      user_error(a.loc, "isqrt() argument must be nonnegative");
    }
    int64_t x = static_cast<int64_t>(std::sqrt(static_cast<double>(n)));
    while (x * x > n) {
      --x;
    }
    while ((x + 1) * (x + 1) <= n) {
      ++x;
    }
    return Value::integer(x);
  };
  // dataclasses: @dataclass is applied by define_class's caller; field() records its default.
  r["dataclasses.dataclass"] = [](Interp&, CallArgs&) {
    return Value::builtin("dataclasses.dataclass");
  };
  r["dataclasses.field"] = [](Interp&, CallArgs& a) {
    Value f;
    f.kind = VK::kObject;
    f.s = "dataclasses.field";
    for (const auto& [k, v] : a.kwargs) {
      if (k == "default" || k == "default_factory") {
        f.items = {Value::str(k)};
        f.values = {v};
      }
    }
    return f;
  };
  // The TVM dtype API.
  r["tvm.DataType"] = [](Interp& in, CallArgs& a) {
    auto b = bind_args(a, "tvm.DataType", {"dtype"});
    return Value::dtype_value(in.to_dtype(*b[0], a.loc));
  };
  r["T.dtype"] = r["tvm.DataType"];
  r["tilelang.DataType"] = r["tvm.DataType"];
  // tvm.tir.const(value, dtype): a typed constant.
  r["tvm.tir.const"] = [](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, "tvm.tir.const", {"value", "dtype?"}, &locs);
    ir::DataType t = b[1] ? in.to_dtype(*b[1], locs[1]) : ir::DataType::int32();
    return Value::of_expr(cast_to(in.to_expr(*b[0], locs[0], t), t, a.loc));
  };
  r["tvm.tirx.const"] = r["tvm.tir.const"];
  r["tilelang.tvm.tir.const"] = r["tvm.tir.const"];
  r["tilelang.tvm.tirx.const"] = r["tvm.tir.const"];
  // tvm.target.Target("hip -mcpu=gfx950"): a GPU compilation target. The compile is for --device,
  // so the object stays opaque (it fails the compile only if the kernel's values depend on it).
  r["tvm.target.Target"] = [](Interp&, CallArgs&) { return Value::opaque("tvm.target.Target"); };
  r["tilelang.tvm.target.Target"] = r["tvm.target.Target"];
  // Test-only decorator factories (`@tilelang.tvm.testing.requires_package("x")`).
  r["tilelang.tvm.testing.requires_package"] = [](Interp&, CallArgs&) {
    return Value::builtin("tilelang.testing.requires_package");
  };
  r["tilelang.testing.requires_package"] = r["tilelang.tvm.testing.requires_package"];
  // Device queries answer for the target device (--device): the SM count is its worker core
  // count; CUDA capability queries answer (8, 0), the baseline tensor-core architecture, so
  // factories choose their configuration without Hopper/Blackhole-only features (TMA, wgmma,
  // tcgen05); torch.cuda.is_available() is True (the target device is there).
  auto num_sms = [](Interp& in, CallArgs&) { return Value::integer(in.host().num_sms); };
  for (const char* n : {"tilelang.carver.arch.driver.get_num_sms",
                        "tilelang.carver.arch.driver.cuda_driver.get_num_sms",
                        "tilelang.utils.target.get_num_sms", "torch.cuda.device_count_sms"}) {
    r[n] = num_sms;
  }
  r["torch.cuda.get_device_capability"] = [](Interp&, CallArgs&) {
    return Value::tuple({Value::integer(8), Value::integer(0)});
  };
  r["torch.cuda.get_device_properties"] = [](Interp& in, CallArgs&) {
    Value p;
    p.kind = VK::kObject;
    p.s = "device properties";
    for (auto [k, v] : std::initializer_list<std::pair<const char*, Value>>{
             {"multi_processor_count", Value::integer(in.host().num_sms)},
             {"major", Value::integer(8)},
             {"minor", Value::integer(0)},
             {"name", Value::str(in.host().device)}}) {
      p.items.push_back(Value::str(k));
      p.values.push_back(v);
    }
    return p;
  };
  // An AMD CDNA4 (gfx950) target query: the target is a Tenstorrent device, not that GPU.
  r["tilelang.rocm.target.target_is_gfx950"] = [](Interp&, CallArgs&) {
    return Value::boolean(false);
  };
  r["torch.cuda.is_available"] = [](Interp&, CallArgs&) { return Value::boolean(true); };
  r["torch.cuda.current_device"] = [](Interp&, CallArgs&) { return Value::integer(0); };
  r["torch.cuda.get_device_name"] = [](Interp& in, CallArgs&) {
    return Value::str(in.host().device);
  };
}

}  // namespace tltt::fe
