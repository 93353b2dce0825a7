// The IR printer: a Python-like, indentation-structured text with sorted attributes.
#include "ir/printer.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <ostream>
#include <set>

namespace tltt::ir {

namespace {

enum Prec : int {
  kPrecOr = 1,
  kPrecAnd,
  kPrecNot,
  kPrecCmp,
  kPrecBitOr,
  kPrecBitXor,
  kPrecBitAnd,
  kPrecShift,
  kPrecAdd,
  kPrecMul,
  kPrecUnary,
  kPrecAtom,
};

std::string float_text(double v) {
  if (std::isnan(v)) {
    return "nan";
  }
  if (std::isinf(v)) {
    return v > 0 ? "inf" : "-inf";
  }
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) {
    s += ".0";
  }
  return s;
}

std::string quote(const std::string& s) { return AttrValue(s).str(); }

class Printer {
 public:
  std::string out;

  void print_module(const Module& m) {
    if (!m.plan.empty()) {
      out += m.plan.str() + "\n";
    }
    if (!m.attrs.empty()) {
      out += "module attrs " + m.attrs.str() + "\n\n";
    }
    for (size_t i = 0; i < m.functions.size(); ++i) {
      if (i) {
        out += "\n";
      }
      print_func(m.functions[i]);
    }
  }

  void print_func(const PrimFunc& f) {
    out += "func " + f.name + "(";
    for (size_t i = 0; i < f.params.size(); ++i) {
      if (i) {
        out += ", ";
      }
      const Param& p = f.params[i];
      if (p.is_buffer()) {
        std::string n = buffer_name(p.buffer);
        out += n + ": " + buffer_type(p.buffer);
      } else {
        std::string n = var_name(p.var);
        out += n + ": " + p.var->dtype.str();
      }
    }
    out += ")";
    if (!f.attrs.empty()) {
      out += " attrs " + f.attrs.str();
    }
    out += " {\n";
    indent_ = 1;
    if (f.body.defined()) {
      stmt(f.body);
    }
    indent_ = 0;
    out += "}\n";
  }

  void stmt(const Stmt& s) {
    switch (s->kind) {
#define TLTT_IR_STMT(Name)                         \
  case NodeKind::k##Name:                          \
    print_stmt(static_cast<const Name*>(s.get())); \
    break;
#include "ir/ir_nodes.def"
      default:
        line("<expr node in statement position>");
    }
  }

  std::string expr(const Expr& e, int ctx = 0) {
    if (!e.defined()) {
      return "<undef>";
    }
    int prec = kPrecAtom;
    std::string s;
    switch (e->kind) {
#define TLTT_IR_EXPR(Name)                                    \
  case NodeKind::k##Name:                                     \
    s = print_expr(static_cast<const Name*>(e.get()), &prec); \
    break;
#include "ir/ir_nodes.def"
      default:
        s = "<stmt node in expression position>";
    }
    return prec < ctx ? "(" + s + ")" : s;
  }

  std::string region(const Region& r) {
    std::string name = buffer_name(r.buffer);
    if (is_full(r)) {
      return name;
    }
    std::string s = name + "[";
    for (size_t i = 0; i < r.ranges.size(); ++i) {
      if (i) {
        s += ", ";
      }
      std::string mn = expr(r.ranges[i].min, kPrecAdd);
      s += mn + " +: " + expr(r.ranges[i].extent, kPrecAdd);
    }
    return s + "]";
  }

  std::string var_name(const Var& v) { return unique(v.get(), v->name); }
  std::string buffer_name(const Buffer& b) { return unique(b.get(), b->name); }

 private:
  int indent_ = 0;
  std::map<const void*, std::string> names_;
  std::set<std::string> used_;

  std::string unique(const void* key, const std::string& base) {
    auto it = names_.find(key);
    if (it != names_.end()) {
      return it->second;
    }
    std::string name = base.empty() ? "v" : base;
    for (int i = 1; used_.count(name); ++i) {
      name = fmt::format("{}_{}", base, i);
    }
    used_.insert(name);
    names_[key] = name;
    return name;
  }

  static bool same_const(const Expr& a, const Expr& b) {
    if (a.same_as(b)) {
      return true;
    }
    auto x = as_const_int(a), y = as_const_int(b);
    return x && y && *x == *y;
  }

  static bool is_full(const Region& r) {
    for (size_t i = 0; i < r.ranges.size(); ++i) {
      auto mn = as_const_int(r.ranges[i].min);
      if (!mn || *mn != 0 || !same_const(r.ranges[i].extent, r.buffer->shape[i])) {
        return false;
      }
    }
    return true;
  }

  std::string buffer_type(const Buffer& b) {
    std::string s = std::string(mem_scope_name(b->scope)) + " " + b->dtype.str() + "[";
    for (size_t i = 0; i < b->shape.size(); ++i) {
      s += (i ? ", " : "") + expr(b->shape[i]);
    }
    s += "]";
    if (!b->attrs.empty()) {
      s += " " + b->attrs.str();
    }
    return s;
  }

  void line(const std::string& text) {
    out.append(2 * indent_, ' ');
    out += text;
    out += '\n';
  }

  void block(const std::string& head, const Stmt& body) {
    line(head + " {");
    ++indent_;
    stmt(body);
    --indent_;
  }

  std::string exprs(const std::vector<Expr>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) {
      s += (i ? ", " : "") + expr(v[i]);
    }
    return s;
  }

  static std::string with_attrs(std::string s, const Attrs& a) {
    return a.empty() ? s : s + " " + a.str();
  }

  // ---- statements
  void print_stmt(const SeqStmt* op) {
    for (const auto& s : op->stmts) {
      stmt(s);
    }
  }
  void print_stmt(const KernelLaunch* op) {
    std::string head = "launch (";
    for (size_t i = 0; i < op->vars.size(); ++i) {
      std::string v = var_name(op->vars[i]);
      head += (i ? ", " : "") + v + " < " + expr(op->extents[i]);
    }
    head += ")";
    block(with_attrs(head, op->attrs), op->body);
    line("}");
  }
  void print_stmt(const Allocate* op) {
    std::string n = buffer_name(op->buffer);
    line("alloc " + n + ": " + buffer_type(op->buffer));
    stmt(op->body);
  }
  void print_stmt(const BufferView* op) {
    std::string src = buffer_name(op->source);
    std::string n = buffer_name(op->buffer);
    line("view " + n + ": " + buffer_type(op->buffer) + " = " + op->construct + "(" + src + ")");
    stmt(op->body);
  }
  void print_stmt(const While* op) {
    block("while " + expr(op->cond), op->body);
    line("}");
  }
  void print_stmt(const For* op) {
    std::string v = var_name(op->var);
    std::string mn = expr(op->min, kPrecAdd);
    std::string head = "for " + v + " in " + for_kind_name(op->for_kind) + "(" + mn +
                       " +: " + expr(op->extent, kPrecAdd);
    if (op->for_kind == ForKind::kPipelined || op->num_stages != 0) {
      head += fmt::format(", num_stages={}", op->num_stages);
    }
    head += ")";
    block(with_attrs(head, op->attrs), op->body);
    line("}");
  }
  void print_stmt(const BufferStore* op) {
    std::string n = buffer_name(op->buffer);
    std::string idx = exprs(op->indices);
    line(n + "[" + idx + "] = " + expr(op->value));
  }
  void print_stmt(const LetStmt* op) {
    std::string value = expr(op->value);
    line("let " + var_name(op->var) + ": " + op->var->dtype.str() + " = " + value);
    stmt(op->body);
  }
  void print_stmt(const IfThenElse* op) {
    block("if " + expr(op->cond), op->then_case);
    if (op->else_case.defined()) {
      line("} else {");
      ++indent_;
      stmt(op->else_case);
      --indent_;
    }
    line("}");
  }
  void print_stmt(const Evaluate* op) { line(expr(op->value)); }
  void print_stmt(const Copy* op) {
    std::string src = region(op->src);
    line(with_attrs("copy " + src + " -> " + region(op->dst), op->attrs));
  }
  void print_stmt(const Gemm* op) {
    std::string a = region(op->a);
    std::string b = region(op->b);
    std::string s = "gemm " + a + ", " + b + " -> " + region(op->c);
    if (op->transpose_a) {
      s += " transpose_a";
    }
    if (op->transpose_b) {
      s += " transpose_b";
    }
    if (op->clear_accum) {
      s += " clear_accum";
    }
    line(with_attrs(s, op->attrs));
  }
  void print_stmt(const Fill* op) {
    std::string d = region(op->dst);
    line("fill " + d + ", " + expr(op->value));
  }
  void print_stmt(const Reduce* op) {
    std::string src = region(op->src);
    std::string dst = region(op->dst);
    line(fmt::format("reduce_{} {} -> {}, dim={}, clear={}", reduce_kind_name(op->reduce_kind), src,
                     dst, op->dim, op->clear ? "true" : "false"));
  }
  void print_stmt(const AtomicAdd* op) {
    std::string d = region(op->dst);
    line(with_attrs("atomic_add " + d + " += " + expr(op->value), op->attrs));
  }
  void print_stmt(const AnnotateLayout* op) {
    std::string s = "annotate_layout {";
    for (size_t i = 0; i < op->buffers.size(); ++i) {
      std::string n = buffer_name(op->buffers[i]);
      s += (i ? ", " : "") + n + ": " + expr(op->layouts[i]);
    }
    line(s + "}");
  }

  // ---- expressions
  std::string print_expr(const IntImm* op, int*) {
    if (op->dtype == DataType::int32()) {
      return std::to_string(op->value);
    }
    return fmt::format("{}({})", op->dtype.str(), op->value);
  }
  std::string print_expr(const FloatImm* op, int*) {
    if (op->dtype == DataType::float32() && std::isfinite(op->value)) {
      return float_text(op->value) + "f";
    }
    return fmt::format("{}({})", op->dtype.str(), float_text(op->value));
  }
  std::string print_expr(const BoolImm* op, int*) { return op->value ? "true" : "false"; }
  std::string print_expr(const StringImm* op, int*) { return quote(op->value); }
  std::string print_expr(const Variable* op, int*) { return unique(op, op->name); }
  std::string print_expr(const Binary* op, int* prec) {
    switch (op->op) {
      case BinaryOp::kMin:
      case BinaryOp::kMax:
      case BinaryOp::kCeilDiv: {
        std::string a = expr(op->a);
        return fmt::format("{}({}, {})", binary_op_symbol(op->op), a, expr(op->b));
      }
      default:
        break;
    }
    int p = kPrecMul;
    switch (op->op) {
      case BinaryOp::kAdd:
      case BinaryOp::kSub:
        p = kPrecAdd;
        break;
      case BinaryOp::kBitAnd:
        p = kPrecBitAnd;
        break;
      case BinaryOp::kBitOr:
        p = kPrecBitOr;
        break;
      case BinaryOp::kBitXor:
        p = kPrecBitXor;
        break;
      case BinaryOp::kShl:
      case BinaryOp::kShr:
        p = kPrecShift;
        break;
      default:
        break;
    }
    *prec = p;
    // Left-associative: the right operand needs parentheses at equal precedence.
    std::string a = expr(op->a, p);
    return a + " " + binary_op_symbol(op->op) + " " + expr(op->b, p + 1);
  }
  std::string print_expr(const Unary* op, int* prec) {
    *prec = op->op == UnaryOp::kNot ? kPrecNot : kPrecUnary;
    return unary_op_symbol(op->op) + expr(op->a, *prec);
  }
  std::string print_expr(const Compare* op, int* prec) {
    *prec = kPrecCmp;
    std::string a = expr(op->a, kPrecCmp + 1);
    return a + " " + compare_op_symbol(op->op) + " " + expr(op->b, kPrecCmp + 1);
  }
  std::string print_expr(const Logical* op, int* prec) {
    *prec = op->op == LogicalOp::kAnd ? kPrecAnd : kPrecOr;
    std::string a = expr(op->a, *prec);
    return a + " " + logical_op_symbol(op->op) + " " + expr(op->b, *prec + 1);
  }
  std::string print_expr(const Select* op, int*) {
    std::string c = expr(op->cond);
    std::string t = expr(op->true_value);
    return "select(" + c + ", " + t + ", " + expr(op->false_value) + ")";
  }
  std::string print_expr(const Cast* op, int*) {
    return "cast(" + op->dtype.str() + ", " + expr(op->value) + ")";
  }
  std::string print_expr(const BufferLoad* op, int*) {
    std::string n = buffer_name(op->buffer);
    return n + "[" + exprs(op->indices) + "]";
  }
  std::string print_expr(const Call* op, int*) {
    std::string s = op->name + "(" + exprs(op->args);  // NOLINT
    for (const auto& [k, v] : op->attrs) {
      s += (s.back() == '(' ? "" : ", ") + k + "=" + v.str();
    }
    return s + ")";
  }
  std::string print_expr(const RegionRef* op, int*) { return "region(" + region(op->region) + ")"; }
};

}  // namespace

std::string print(const Module& m) {
  Printer p;
  p.print_module(m);
  return p.out;
}

std::string print(const PrimFunc& f) {
  Printer p;
  p.print_func(f);
  return p.out;
}

std::string print(const Stmt& s) {
  Printer p;
  if (s.defined()) {
    p.stmt(s);
  }
  return p.out;
}

std::string print(const Expr& e) {
  Printer p;
  return p.expr(e);
}

std::string print(const Region& r) {
  Printer p;
  return p.region(r);
}

std::ostream& operator<<(std::ostream& os, const Expr& e) { return os << print(e); }
std::ostream& operator<<(std::ostream& os, const Stmt& s) { return os << print(s); }

}  // namespace tltt::ir
