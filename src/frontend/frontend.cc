// Front-end entry: parsing, --set/--entry handling, automatic instantiation discovery, and the
// final IR check.
#include "frontend/frontend.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

#include "frontend/interp.h"
#include "frontend/parser.h"
#include "ir/verifier.h"

namespace tltt::fe {

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
    return false;
  }
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

// A literal argument: numbers, strings, bools, None, tuples/lists of literals, arithmetic of
// literals and dtype attributes (T.float16, torch.float32).
bool is_literal(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::kInt:
    case ast::ExprKind::kFloat:
    case ast::ExprKind::kStr:
    case ast::ExprKind::kBool:
    case ast::ExprKind::kNone:
      return true;
    case ast::ExprKind::kUnaryOp:
      return e.name != "not" && is_literal(*e.a);
    case ast::ExprKind::kBinOp:
      return is_literal(*e.a) && is_literal(*e.b);
    case ast::ExprKind::kTuple:
    case ast::ExprKind::kList:
      for (const auto& x : e.elts) {
        if (!is_literal(*x)) {
          return false;
        }
      }
      return true;
    case ast::ExprKind::kAttribute: {
      const ast::Expr* root = e.a.get();
      while (root->kind == ast::ExprKind::kAttribute) {
        root = root->a.get();
      }
      return root->kind == ast::ExprKind::kName && (root->name == "T" || root->name == "tilelang" ||
                                                    root->name == "tl" || root->name == "torch");
    }
    default:
      return false;
  }
}

bool literal_args(const ast::Expr& call) {
  for (const auto& a : call.elts) {
    if (!is_literal(*a)) {
      return false;
    }
  }
  for (const auto& k : call.keywords) {
    if (k.name.empty() || !is_literal(*k.value)) {
      return false;
    }
  }
  return true;
}

// A module constant's value: literals, and calls of the file's own helpers (`align(250)`) on
// literals.
bool is_constant(const ast::Expr& e) {
  if (is_literal(e)) {
    return true;
  }
  if (e.kind == ast::ExprKind::kCall && e.a->kind == ast::ExprKind::kName && literal_args(e)) {
    return true;
  }
  if (e.kind == ast::ExprKind::kBinOp) {
    return is_constant(*e.a) && is_constant(*e.b);
  }
  return false;
}

bool has_prim_func(const ast::Body& body) {
  for (const auto& s : body) {
    if (s->kind == ast::StmtKind::kFunctionDef) {
      for (const auto& d : s->decorators) {
        const ast::Expr* e = d.get();
        if (e->kind == ast::ExprKind::kCall) {
          e = e->a.get();
        }
        if (e->kind == ast::ExprKind::kAttribute && e->name == "prim_func") {
          return true;
        }
      }
    }
  }
  return false;
}

bool is_jit_decorated(const ast::Stmt& s) {
  for (const auto& d : s.decorators) {
    const ast::Expr* e = d.get();
    if (e->kind == ast::ExprKind::kCall) {
      e = e->a.get();
    }
    if (e->kind == ast::ExprKind::kAttribute && e->a->kind == ast::ExprKind::kName &&
        e->a->name == "triton") {
      continue;  // a Triton kernel in the same file
    }
    if ((e->kind == ast::ExprKind::kAttribute && e->name == "jit") ||
        (e->kind == ast::ExprKind::kName && e->name == "jit")) {
      return true;
    }
  }
  return false;
}

struct Candidate {
  size_t index;
  ast::ExprP call;
  Location loc;  // where the instantiation is written
};

// Finds the file's kernel instantiations: `f(...)`, `f.compile(...)` and
// `tilelang.compile(f(...))` anywhere outside the factories (module level, `main()`,
// `if __name__ == "__main__":`), whose arguments are literals, module constants, local names
// assigned a literal, or argparse options with a literal default. Arguments are substituted
// so the call can be evaluated at module level.
class EntryFinder {
 public:
  explicit EntryFinder(const std::vector<TopLevelStmt>& top) : top_(top) {
    for (const auto& t : top) {
      if (t.stmt && t.stmt->kind == ast::StmtKind::kFunctionDef &&
          (is_jit_decorated(*t.stmt) || has_prim_func(t.stmt->body))) {
        factories_.insert(t.stmt->name);
      } else if (!t.stmt && !t.defined_name.empty() &&
                 t.decorator_text.find("jit") != std::string::npos &&
                 t.decorator_text.find("triton") == std::string::npos) {
        factories_.insert(t.defined_name);
      }
      if (t.stmt && t.stmt->kind == ast::StmtKind::kAssign && t.stmt->targets.size() == 1 &&
          t.stmt->targets[0]->kind == ast::ExprKind::kName && is_constant(*t.stmt->value)) {
        module_consts_.insert(t.stmt->targets[0]->name);
      }
    }
  }

  std::vector<Candidate> find() {
    std::vector<Candidate> out;
    for (size_t i = 0; i < top_.size(); ++i) {
      if (!top_[i].stmt) {
        continue;
      }
      const ast::Stmt& s = *top_[i].stmt;
      if (s.kind == ast::StmtKind::kFunctionDef) {
        if (factories_.count(s.name) == 0) {
          Scope local;
          scan_body(s.body, i, &out, &local);
        }
        continue;
      }
      Scope module;
      scan(s, i, &out, &module);
    }
    return out;
  }

  const std::set<std::string>& factories() const { return factories_; }

 private:
  // Local names with literal values, and argparse option defaults (`args.m`).
  struct Scope {
    std::map<std::string, ast::ExprP> names;
    std::map<std::string, ast::ExprP> options;
  };

  const std::vector<TopLevelStmt>& top_;
  std::set<std::string> factories_;
  std::set<std::string> module_consts_;
  std::map<std::string, ast::ExprP> named_;  // name = <candidate call>

  // The argument with local names and argparse options replaced by their literal values, or
  // null when it is not known at compile time.
  ast::ExprP resolve(const ast::ExprP& e, const Scope& sc) const {
    if (e->kind == ast::ExprKind::kName) {
      auto it = sc.names.find(e->name);
      if (it != sc.names.end()) {
        return it->second;
      }
      return module_consts_.count(e->name) ? e : nullptr;
    }
    if (e->kind == ast::ExprKind::kAttribute && e->a->kind == ast::ExprKind::kName) {
      auto it = sc.options.find(e->name);
      if (it != sc.options.end() && !sc.names.count(e->a->name)) {
        return it->second;
      }
    }
    if (is_literal(*e)) {
      return e;
    }
    if (e->kind == ast::ExprKind::kBinOp || e->kind == ast::ExprKind::kUnaryOp) {
      auto c = std::make_shared<ast::Expr>(*e);
      c->a = resolve(e->a, sc);
      if (!c->a) {
        return nullptr;
      }
      if (e->b) {
        c->b = resolve(e->b, sc);
        if (!c->b) {
          return nullptr;
        }
      }
      return c;
    }
    if (e->kind == ast::ExprKind::kTuple || e->kind == ast::ExprKind::kList) {
      auto c = std::make_shared<ast::Expr>(*e);
      for (auto& x : c->elts) {
        x = resolve(x, sc);
        if (!x) {
          return nullptr;
        }
      }
      return c;
    }
    return nullptr;
  }

  ast::ExprP resolve_call(const ast::Expr& c, const Scope& sc) const {
    auto out = std::make_shared<ast::Expr>(c);
    for (auto& a : out->elts) {
      a = resolve(a, sc);
      if (!a) {
        return nullptr;
      }
    }
    for (auto& k : out->keywords) {
      if (k.name.empty()) {
        return nullptr;
      }
      k.value = resolve(k.value, sc);
      if (!k.value) {
        return nullptr;
      }
    }
    return out;
  }

  ast::ExprP factory_call(const ast::Expr& c, const Scope& sc) const {
    if (c.kind != ast::ExprKind::kCall) {
      return nullptr;
    }
    const ast::Expr& f = *c.a;
    bool ok = false;
    if (f.kind == ast::ExprKind::kName) {
      ok = factories_.count(f.name) != 0;
    } else if (f.kind == ast::ExprKind::kAttribute && f.name == "compile" &&
               f.a->kind == ast::ExprKind::kName) {
      ok = factories_.count(f.a->name) != 0 && c.elts.empty();
    }
    return ok ? resolve_call(c, sc) : nullptr;
  }

  ast::ExprP compile_call(const ast::Expr& c, const Scope& sc) const {
    if (c.kind != ast::ExprKind::kCall || c.elts.empty()) {
      return nullptr;
    }
    const ast::Expr& f = *c.a;
    if (!(f.kind == ast::ExprKind::kAttribute && f.name == "compile" &&
          f.a->kind == ast::ExprKind::kName && (f.a->name == "tilelang" || f.a->name == "tl"))) {
      return nullptr;
    }
    ast::ExprP inner;
    const ast::ExprP& arg = c.elts[0];
    if (arg->kind == ast::ExprKind::kName && named_.count(arg->name)) {
      inner = named_.at(arg->name);
    } else {
      inner = factory_call(*arg, sc);
    }
    if (!inner) {
      return nullptr;
    }
    auto out = std::make_shared<ast::Expr>(c);
    out->elts = {inner};
    out->keywords.clear();
    for (const auto& k : c.keywords) {
      // out_idx matters; target/execution_backend/pass_configs and the like do not.
      if (k.name == "out_idx") {
        if (!is_literal(*k.value)) {
          return nullptr;
        }
        out->keywords.push_back(k);
      }
    }
    return out;
  }

  // `parser.add_argument("--m", type=int, default=256)` -> options["m"].
  static void note_option(const ast::Expr& call, Scope* sc) {
    if (call.kind != ast::ExprKind::kCall || call.a->kind != ast::ExprKind::kAttribute ||
        call.a->name != "add_argument" || call.elts.empty() ||
        call.elts[0]->kind != ast::ExprKind::kStr) {
      return;
    }
    std::string dest = call.elts.back()->kind == ast::ExprKind::kStr ? call.elts.back()->name : "";
    while (!dest.empty() && dest[0] == '-') {
      dest.erase(0, 1);
    }
    for (char& ch : dest) {
      ch = ch == '-' ? '_' : ch;
    }
    ast::ExprP dflt;
    for (const auto& k : call.keywords) {
      if (k.name == "dest" && k.value->kind == ast::ExprKind::kStr) {
        dest = k.value->name;
      }
      if (k.name == "default" && is_literal(*k.value)) {
        dflt = k.value;
      }
    }
    if (!dest.empty() && dflt) {
      sc->options[dest] = dflt;
    }
  }

  void scan_body(const ast::Body& body, size_t index, std::vector<Candidate>* out, Scope* sc) {
    for (const auto& b : body) {
      scan(*b, index, out, sc);
    }
  }

  void scan(const ast::Stmt& s, size_t index, std::vector<Candidate>* out, Scope* sc) {
    switch (s.kind) {
      case ast::StmtKind::kIf:
      case ast::StmtKind::kWith:
      case ast::StmtKind::kFor:
      case ast::StmtKind::kWhile:
      case ast::StmtKind::kTry:
        scan_body(s.body, index, out, sc);
        scan_body(s.orelse, index, out, sc);
        return;
      case ast::StmtKind::kAssign:
      case ast::StmtKind::kAnnAssign:
      case ast::StmtKind::kExpr:
      case ast::StmtKind::kReturn:
        break;
      default:
        return;
    }
    if (!s.value) {
      return;
    }
    note_option(*s.value, sc);
    std::string target;
    for (size_t ti = 0; s.kind == ast::StmtKind::kAssign && ti < s.targets.size(); ++ti) {
      const ast::Expr& t = *s.targets[ti];
      if (t.kind == ast::ExprKind::kName) {
        if (s.targets.size() == 1) {
          target = t.name;
        }
        if (ast::ExprP v = resolve(s.value, *sc); v && v->kind != ast::ExprKind::kCall) {
          sc->names[t.name] = v;
        } else {
          sc->names.erase(t.name);
        }
      } else if (t.kind == ast::ExprKind::kTuple && s.value->kind == ast::ExprKind::kTuple &&
                 t.elts.size() == s.value->elts.size()) {
        for (size_t k = 0; k < t.elts.size(); ++k) {
          if (t.elts[k]->kind != ast::ExprKind::kName) {
            continue;
          }
          if (ast::ExprP v = resolve(s.value->elts[k], *sc)) {
            sc->names[t.elts[k]->name] = v;
          } else {
            sc->names.erase(t.elts[k]->name);
          }
        }
      }
    }
    if (ast::ExprP c = compile_call(*s.value, *sc)) {
      // Replaces the bare instantiation it wraps.
      for (auto it = out->begin(); it != out->end(); ++it) {
        if (it->call == c->elts[0]) {
          out->erase(it);
          break;
        }
      }
      out->push_back({index, c, s.value->loc});
    } else if (ast::ExprP c = factory_call(*s.value, *sc)) {
      out->push_back({index, c, s.value->loc});
      if (!target.empty()) {
        named_[target] = c;
      }
    }
  }
};

// Every name --set may give: parameters of the file's functions, module-level names and the
// symbols of T.const / T.dynamic / T.symbolic strings.
void walk_names(const ast::Expr& e, std::set<std::string>* out) {
  if (e.kind == ast::ExprKind::kCall && e.a->kind == ast::ExprKind::kAttribute &&
      (e.a->name == "const" || e.a->name == "dynamic" || e.a->name == "symbolic") &&
      !e.elts.empty() && e.elts[0]->kind == ast::ExprKind::kStr) {
    std::string cur;
    for (char c : e.elts[0]->name + ",") {
      if (c == ',' || c == ' ' || c == '\t') {
        if (!cur.empty()) {
          out->insert(cur);
        }
        cur.clear();
      } else {
        cur += c;
      }
    }
  }
  for (const ast::ExprP* p : {&e.a, &e.b, &e.c}) {
    if (*p) {
      walk_names(**p, out);
    }
  }
  for (const auto& x : e.elts) {
    walk_names(*x, out);
  }
  for (const auto& x : e.values) {
    walk_names(*x, out);
  }
  for (const auto& k : e.keywords) {
    walk_names(*k.value, out);
  }
}

void walk_names(const ast::Stmt& s, std::set<std::string>* out, bool top) {
  if (s.kind == ast::StmtKind::kFunctionDef) {
    for (const auto& p : s.params) {
      if (!p.name.empty()) {
        out->insert(p.name);
      }
    }
  }
  if (top && (s.kind == ast::StmtKind::kAssign || s.kind == ast::StmtKind::kAnnAssign)) {
    for (const auto& t : s.targets) {
      if (t->kind == ast::ExprKind::kName) {
        out->insert(t->name);
      }
      for (const auto& x : t->elts) {
        if (x->kind == ast::ExprKind::kName) {
          out->insert(x->name);
        }
      }
    }
  }
  if (s.value) {
    walk_names(*s.value, out);
  }
  for (const auto& b : s.body) {
    walk_names(*b, out, false);
  }
  for (const auto& b : s.orelse) {
    walk_names(*b, out, false);
  }
}

Location cli_loc() { return Location{intern_file_name("<command line>"), 0, 0, 0, 0}; }

std::optional<ir::Module> run(Interp& in, const std::vector<TopLevelStmt>& top,
                              const std::string& file, const EntryOptions& options,
                              SourceManager& sources, DiagnosticEngine& diag) {
  in.symbolic_dynamic = options.symbolic_dynamic;
  // --set NAME=VALUE
  for (const auto& s : options.sets) {
    size_t eq = s.find('=');
    std::string name = eq == std::string::npos ? "" : s.substr(0, eq);
    if (!is_identifier(name)) {
      diag.error(cli_loc()) << "--set expects NAME=VALUE, got '" << s << "'";
      return std::nullopt;
    }
    std::set<std::string> known;
    for (const auto& t : top) {
      if (t.stmt) {
        walk_names(*t.stmt, &known, true);
      }
      if (!t.defined_name.empty()) {
        known.insert(t.defined_name);
      }
    }
    if (!known.count(name)) {
      std::string names;
      for (const auto& n : known) {
        names += (names.empty() ? "" : ", ") + n;
      }
      diag.error(cli_loc()) << "--set " << name
                            << ": the file has no factory parameter, T.const/T.dynamic symbol or "
                               "module constant of that name (names: "
                            << names << ")";
      return std::nullopt;
    }
    std::string text = s.substr(eq + 1);
    std::string buf_name = "<--set " + name + ">";
    sources.add_buffer(buf_name, text);
    std::vector<SyntaxError> errs;
    ast::ExprP e = parse_expression(text, intern_file_name(buf_name), &errs);
    Value v = Value::str(text);
    if (e && errs.empty() && e->kind != ast::ExprKind::kName && is_literal(*e)) {
      v = in.eval(e, in.module_env());
    }
    in.overrides[name] = v;
  }

  Value result;
  Location entry_loc = Location{intern_file_name(file), 0, 0, 0, 0};
  if (!options.entry.empty() && is_identifier(options.entry)) {
    Value fn = in.lookup(options.entry, in.module_env(), cli_loc());
    if (fn.kind == VK::kPrimFunc) {
      result = fn;
    } else if (fn.kind == VK::kFunction) {
      CallArgs args;
      args.loc = cli_loc();
      args.callee_loc = cli_loc();
      for (const auto& p : fn.fn->def->params) {
        auto it = in.overrides.find(p.name);
        if (it != in.overrides.end() && fn.fn->kind != FunctionKind::kJit) {
          args.kwargs.push_back({p.name, it->second});
          args.kw_locs.push_back(cli_loc());
        }
      }
      result = in.call_function(fn, args);
    } else {
      diag.error(cli_loc()) << "--entry '" << options.entry
                            << "' is not a kernel factory (it is a value of type " << type_name(fn)
                            << ")";
      return std::nullopt;
    }
  } else if (!options.entry.empty()) {
    std::string buf_name = "<entry>";
    sources.add_buffer(buf_name, options.entry);
    std::vector<SyntaxError> errs;
    ast::ExprP e = parse_expression(options.entry, intern_file_name(buf_name), &errs);
    for (const auto& err : errs) {
      diag.error(err.loc) << err.message;
    }
    if (!e) {
      return std::nullopt;
    }
    result = in.eval(e, in.module_env());
  } else {
    EntryFinder finder(top);
    std::vector<Candidate> cands = finder.find();
    if (cands.empty()) {
      // A module-level @T.prim_func needs no instantiation.
      std::vector<std::string> prim;
      for (const auto& t : top) {
        if (t.stmt && t.stmt->kind == ast::StmtKind::kFunctionDef) {
          for (const auto& d : t.stmt->decorators) {
            if (d->kind == ast::ExprKind::kAttribute && d->name == "prim_func") {
              prim.push_back(t.stmt->name);
            }
          }
        }
      }
      if (prim.size() == 1) {
        result = in.lookup(prim[0], in.module_env(), entry_loc);
      } else {
        std::string names;
        for (const auto& f : finder.factories()) {
          names += (names.empty() ? "" : ", ") + f;
        }
        diag.error(entry_loc) << "no kernel instantiation with literal arguments found in the "
                                 "file; pass --entry, e.g. --entry '"
                              << (finder.factories().empty() ? std::string("factory")
                                                             : *finder.factories().begin())
                              << "(...)'"
                              << (names.empty() ? "" : " (kernel factories: " + names + ")");
        return std::nullopt;
      }
    } else if (cands.size() > 1) {
      std::string lines;
      for (const auto& c : cands) {
        lines += (lines.empty() ? "" : ", ") + std::to_string(c.loc.line);
      }
      diag.error(cands[1].loc) << "the file holds " << cands.size()
                               << " kernel instantiations (lines " << lines
                               << "); choose one with --entry";
      return std::nullopt;
    } else {
      in.cutoff = cands[0].index;
      result = in.eval(cands[0].call, in.module_env());
    }
  }
  if (diag.has_errors()) {
    return std::nullopt;
  }
  // An AutoTuner (or the result of its run()) compiles its first config.
  if (auto k = tuned_kernel(in, result, entry_loc)) {
    result = *k;
  }
  if (result.kind != VK::kPrimFunc) {
    // Point at the kernel when it is one step away: an element of a returned tuple (a builder
    // returning `(tuner, configs, kernel)`) or a generator function still to be called.
    std::string hint;
    if (result.kind == VK::kTuple || result.kind == VK::kList) {
      for (size_t i = 0; i < result.items.size() && hint.empty(); ++i) {
        const Value& e = result.items[i];
        if (e.kind == VK::kPrimFunc || is_tuner_object(e)) {
          hint = fmt::format("; its element {} is a {}: select it with --entry '...[{}]'", i,
                             is_tuner_object(e) ? "tuner" : "kernel", i);
        }
      }
    } else if (result.kind == VK::kFunction) {
      hint = "; call it with its configuration in --entry (e.g. '...(...)(block_M=64, ...)')";
    }
    diag.error(entry_loc) << "the entry evaluated to a " << type_name(result)
                          << ", not a kernel (a jit factory call or a @T.prim_func)" << hint;
    return std::nullopt;
  }
  ir::Module m;
  m.functions.push_back(*result.prim_func);
  // Scoping mistakes the translator lets through (e.g. a loop variable used after its loop)
  // surface here as located user errors.
  for (const auto& err : ir::verify(m)) {
    diag.error(err.loc) << err.message;
  }
  if (diag.has_errors()) {
    return std::nullopt;
  }
  if (options.dynamic_symbols) {
    *options.dynamic_symbols = in.dynamic_symbols;
  }
  return m;
}

}  // namespace

std::optional<ir::Module> load_source(const std::string& name, std::string text,
                                      const EntryOptions& options, SourceManager& sources,
                                      DiagnosticEngine& diag) {
  std::string_view src = sources.add_buffer(name, std::move(text));
  std::string_view file = intern_file_name(name);
  std::vector<TopLevelStmt> top = parse_module(src, file);
  HostOptions host;
  host.device = options.device;
  host.num_sms = options.num_sms;
  host.search_path = options.search_path;
  if (const char* env = std::getenv("TLTT_PATH")) {
    std::string list = env;
    for (size_t b = 0; b <= list.size();) {
      size_t e = list.find(':', b);
      if (e == std::string::npos) {
        e = list.size();
      }
      if (e > b) {
        host.search_path.push_back(list.substr(b, e - b));
      }
      b = e + 1;
    }
  }
  host.sources = &sources;
  Interp in(diag, top, file, host);
  try {
    return run(in, top, name, options, sources, diag);
  } catch (const UserError& e) {
    diag.error(e.loc) << e.message;
  } catch (const Aborted&) {
  }
  return std::nullopt;
}

std::optional<ir::Module> load(const std::string& path, const EntryOptions& options,
                               SourceManager& sources, DiagnosticEngine& diag) {
  auto text = sources.load_file(path);
  if (!text) {
    diag.error(Location{intern_file_name(path), 0, 0, 0, 0}) << "cannot read file";
    return std::nullopt;
  }
  return load_source(path, std::string(*text), options, sources, diag);
}

}  // namespace tltt::fe
