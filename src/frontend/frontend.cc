// Front-end entry: parsing, --set/--entry handling, automatic instantiation discovery, and the
// final IR check.
#include "frontend/frontend.h"

#include <fmt/format.h>

#include <cctype>
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
        if (!is_literal(*x)) return false;
      }
      return true;
    case ast::ExprKind::kAttribute: {
      const ast::Expr* root = e.a.get();
      while (root->kind == ast::ExprKind::kAttribute) root = root->a.get();
      return root->kind == ast::ExprKind::kName && (root->name == "T" || root->name == "tilelang" ||
                                                    root->name == "tl" || root->name == "torch");
    }
    default:
      return false;
  }
}

bool literal_args(const ast::Expr& call) {
  for (const auto& a : call.elts) {
    if (!is_literal(*a)) return false;
  }
  for (const auto& k : call.keywords) {
    if (k.name.empty() || !is_literal(*k.value)) return false;
  }
  return true;
}

bool has_prim_func(const ast::Body& body) {
  for (const auto& s : body) {
    if (s->kind == ast::StmtKind::kFunctionDef) {
      for (const auto& d : s->decorators) {
        const ast::Expr* e = d.get();
        if (e->kind == ast::ExprKind::kCall) e = e->a.get();
        if (e->kind == ast::ExprKind::kAttribute && e->name == "prim_func") return true;
      }
    }
  }
  return false;
}

bool is_jit_decorated(const ast::Stmt& s) {
  for (const auto& d : s.decorators) {
    const ast::Expr* e = d.get();
    if (e->kind == ast::ExprKind::kCall) e = e->a.get();
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
};

class EntryFinder {
 public:
  explicit EntryFinder(const std::vector<TopLevelStmt>& top) : top_(top) {
    for (const auto& t : top) {
      if (t.stmt && t.stmt->kind == ast::StmtKind::kFunctionDef &&
          (is_jit_decorated(*t.stmt) || has_prim_func(t.stmt->body))) {
        factories_.insert(t.stmt->name);
      } else if (!t.stmt && !t.defined_name.empty() &&
                 t.decorator_text.find("jit") != std::string::npos) {
        factories_.insert(t.defined_name);
      }
    }
  }

  std::vector<Candidate> find() {
    std::vector<Candidate> out;
    for (size_t i = 0; i < top_.size(); ++i) {
      if (!top_[i].stmt) continue;
      scan(*top_[i].stmt, i, &out, true);
    }
    return out;
  }

  const std::set<std::string>& factories() const { return factories_; }

 private:
  const std::vector<TopLevelStmt>& top_;
  std::set<std::string> factories_;
  std::map<std::string, ast::ExprP> named_;  // name = <candidate call>

  bool is_factory_call(const ast::Expr& c) const {
    if (c.kind != ast::ExprKind::kCall || !literal_args(c)) return false;
    const ast::Expr& f = *c.a;
    if (f.kind == ast::ExprKind::kName) return factories_.count(f.name) != 0;
    if (f.kind == ast::ExprKind::kAttribute && f.name == "compile" &&
        f.a->kind == ast::ExprKind::kName) {
      return factories_.count(f.a->name) != 0 && c.elts.empty();
    }
    return false;
  }

  bool is_compile_call(const ast::Expr& c, ast::ExprP* inner) const {
    if (c.kind != ast::ExprKind::kCall || c.elts.empty()) return false;
    const ast::Expr& f = *c.a;
    if (!(f.kind == ast::ExprKind::kAttribute && f.name == "compile" &&
          f.a->kind == ast::ExprKind::kName && (f.a->name == "tilelang" || f.a->name == "tl"))) {
      return false;
    }
    for (const auto& k : c.keywords) {
      if (k.name.empty() || (k.name == "out_idx" && !is_literal(*k.value))) return false;
    }
    const ast::ExprP& arg = c.elts[0];
    if (is_factory_call(*arg)) {
      *inner = arg;
      return true;
    }
    if (arg->kind == ast::ExprKind::kName && named_.count(arg->name)) {
      *inner = named_.at(arg->name);
      return true;
    }
    return false;
  }

  void scan(const ast::Stmt& s, size_t index, std::vector<Candidate>* out, bool top) {
    if (s.kind == ast::StmtKind::kIf && top) {
      // `if __name__ == "__main__":` blocks hold instantiations too.
      const ast::Expr& t = *s.annotation;
      if (t.kind == ast::ExprKind::kCompare && t.a->kind == ast::ExprKind::kName &&
          t.a->name == "__name__") {
        for (const auto& b : s.body) scan(*b, index, out, false);
      }
      return;
    }
    ast::ExprP value;
    std::string target;
    if (s.kind == ast::StmtKind::kAssign) {
      value = s.value;
      if (s.targets.size() == 1 && s.targets[0]->kind == ast::ExprKind::kName) {
        target = s.targets[0]->name;
      }
    } else if (s.kind == ast::StmtKind::kExpr) {
      value = s.value;
    } else {
      return;
    }
    ast::ExprP inner;
    if (is_compile_call(*value, &inner)) {
      // Replaces the bare instantiation it wraps.
      for (auto it = out->begin(); it != out->end(); ++it) {
        if (it->call == inner) {
          out->erase(it);
          break;
        }
      }
      out->push_back({index, value});
    } else if (is_factory_call(*value)) {
      out->push_back({index, value});
      if (!target.empty()) named_[target] = value;
    }
  }
};

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
        for (const auto& f : finder.factories()) names += (names.empty() ? "" : ", ") + f;
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
        lines += (lines.empty() ? "" : ", ") + std::to_string(c.call->loc.line);
      }
      diag.error(cands[1].call->loc)
          << "the file holds " << cands.size() << " kernel instantiations (lines " << lines
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
  if (result.kind != VK::kPrimFunc) {
    diag.error(entry_loc) << "the entry evaluated to a " << type_name(result)
                          << ", not a kernel (a jit factory call or a @T.prim_func)";
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
  Interp in(diag, top, file);
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
