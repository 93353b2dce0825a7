// The op descriptors built from tt_ops.def, name lookup, and the conformance check the IR
// verifier runs on every tt.* call.
#include "ir/tt_ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "ir/printer.h"
#include "support/assert.h"

namespace tltt::ir {

namespace {

std::vector<TtOpInfo> build() {
  std::vector<TtOpInfo> ops;
  auto find = [&](TtOp op) -> TtOpInfo& { return ops[static_cast<size_t>(op)]; };
#define TLTT_TT_OP(Id, spelling, stage, role, summary) \
  ops.push_back({TtOp::k##Id, spelling, TtStage::stage, TtRole::role, summary, {}, {}, {}});
#define TLTT_TT_TEMPLATE(Id) find(TtOp::k##Id).template_args = true;
#define TLTT_TT_HEADER(Id, file) find(TtOp::k##Id).header = file;
#define TLTT_TT_OPERAND(Id, name, position, kind, presence) \
  find(TtOp::k##Id)                                         \
      .operands.push_back({#name, position, TtOperandKind::kind, TtPresence::presence});
#define TLTT_TT_VARIADIC(Id, name, kind) \
  find(TtOp::k##Id).variadic = TtOperandInfo{#name, 0, TtOperandKind::kind, TtPresence::kOptional};
#define TLTT_TT_ATTR(Id, name, type, dflt) \
  find(TtOp::k##Id).attrs.push_back({#name, TtAttrType::type});
#include "ir/tt_ops.def"
  return ops;
}

const char* attr_type_name(TtAttrType t) {
  switch (t) {
    case TtAttrType::kBool:
      return "bool";
    case TtAttrType::kInt:
      return "int";
    case TtAttrType::kFloat:
      return "float";
    case TtAttrType::kString:
      return "string";
  }
  return "?";
}

bool attr_has_type(const AttrValue& v, TtAttrType t) {
  switch (t) {
    case TtAttrType::kBool:
      return v.is_bool();
    case TtAttrType::kInt:
      return v.is_int();
    case TtAttrType::kFloat:
      return v.is_float() || v.is_int();
    case TtAttrType::kString:
      return v.is_string();
  }
  return false;
}

bool operand_has_kind(const Expr& e, TtOperandKind k) {
  if (!e.defined()) {
    return false;
  }
  const RegionRef* r = e.as<RegionRef>();
  switch (k) {
    case TtOperandKind::kCbIn:
    case TtOperandKind::kCbOut:
      // An on-chip block: a CB from C1 on, a shared/fragment buffer in B3's tt.sfpu.
      return r && r->region.buffer->scope != MemScope::kGlobal;
    case TtOperandKind::kRegion:
      return r && r->region.buffer->scope == MemScope::kGlobal;
    case TtOperandKind::kExpr:
      return true;
    case TtOperandKind::kConst:
      return e.as<IntImm>() || e.as<FloatImm>() || e.as<BoolImm>() || e.as<StringImm>();
  }
  return false;
}

// How an operand that has the wrong kind reads in a message.
const char* actual_kind(const Expr& e) {
  if (operand_has_kind(e, TtOperandKind::kRegion)) {
    return "a tensor region";
  }
  if (operand_has_kind(e, TtOperandKind::kCbIn)) {
    return "a circular buffer";
  }
  return operand_has_kind(e, TtOperandKind::kConst) ? "a constant" : "an expression";
}

size_t required_count(const TtOpInfo& info) {
  return static_cast<size_t>(
      std::count_if(info.operands.begin(), info.operands.end(),
                    [](const TtOperandInfo& o) { return o.presence == TtPresence::kRequired; }));
}

std::string operand_list(const TtOpInfo& info) {
  std::string s;
  auto add = [&](const std::string& t) { s += (s.empty() ? "" : ", ") + t; };
  if (info.variadic) {
    add(std::string(info.variadic->name) + "...");
  }
  for (const TtOperandInfo& o : info.operands) {
    add(o.presence == TtPresence::kOptional ? fmt::format("[{}]", o.name) : o.name);
  }
  return s;
}

}  // namespace

const std::vector<TtOpInfo>& tt_ops() {
  static const std::vector<TtOpInfo> ops = build();
  return ops;
}

const TtOpInfo& tt_op_info(TtOp op) { return tt_ops()[static_cast<size_t>(op)]; }

const char* tt_op_name(TtOp op) { return tt_op_info(op).spelling; }

std::optional<TtOp> tt_op_named(std::string_view name) {
  static const std::map<std::string_view, TtOp> by_name = [] {
    std::map<std::string_view, TtOp> m;
    for (const TtOpInfo& info : tt_ops()) {
      m.emplace(info.spelling, info.op);
    }
    return m;
  }();
  auto it = by_name.find(name);
  return it == by_name.end() ? std::nullopt : std::optional<TtOp>(it->second);
}

std::optional<TtOp> tt_op_of(const Call* c) { return c ? tt_op_named(c->name) : std::nullopt; }

std::optional<TtOp> tt_op_of_stmt(const Stmt& s) {
  const Evaluate* e = s.as<Evaluate>();
  return e ? tt_op_of(e->value.as<Call>()) : std::nullopt;
}

const Expr& tt_operand(const Call* c, const TtOperandInfo& o) {
  return tt_detail::operand(c, *tt_op_of(c), o.position, o.presence);
}

Expr tt_call(TtOp op, DataType dtype, std::vector<Expr> args, Attrs attrs, Location loc) {
  return Call::make(dtype, tt_op_name(op), std::move(args), std::move(attrs), loc);
}

Stmt tt_call_stmt(TtOp op, std::vector<Expr> args, Attrs attrs, Location loc) {
  return Evaluate::make(tt_call(op, DataType::void_type(), std::move(args), std::move(attrs), loc),
                        loc);
}

const char* tt_operand_kind_name(TtOperandKind k) {
  switch (k) {
    case TtOperandKind::kCbIn:
      return "an input circular buffer";
    case TtOperandKind::kCbOut:
      return "an output circular buffer";
    case TtOperandKind::kRegion:
      return "a tensor region";
    case TtOperandKind::kExpr:
      return "an expression";
    case TtOperandKind::kConst:
      return "a constant";
  }
  return "?";
}

const char* tt_role_name(TtRole r) {
  switch (r) {
    case TtRole::kReader:
      return "reader";
    case TtRole::kCompute:
      return "compute";
    case TtRole::kWriter:
      return "writer";
    case TtRole::kAny:
      return "";
  }
  return "";
}

std::string tt_op_problem(const Call* c, TtOp op) {
  const TtOpInfo& info = tt_op_info(op);
  size_t n = c->args.size(), required = required_count(info), fixed = info.operands.size();
  bool arity_ok = info.variadic ? n >= required : n >= required && n <= fixed;
  if (!arity_ok) {
    return fmt::format(
        "{} takes {}{} operand{} ({}), got {}", info.spelling, info.variadic ? "at least " : "",
        required == fixed || info.variadic ? fmt::format("{}", required)
                                           : fmt::format("{} to {}", required, fixed),
        fixed == 1 && !info.variadic ? "" : "s", operand_list(info), n);
  }
  auto check = [&](size_t i, const TtOperandInfo& o) -> std::string {
    if (operand_has_kind(c->args[i], o.kind)) {
      return "";
    }
    return fmt::format("operand {} ({}) of {} must be {}, got {}: {}", i, o.name, info.spelling,
                       tt_operand_kind_name(o.kind), actual_kind(c->args[i]), print(c->args[i]));
  };
  size_t variadic_end = n;
  for (const TtOperandInfo& o : info.operands) {
    size_t i =
        o.position >= 0 ? static_cast<size_t>(o.position) : n - static_cast<size_t>(-o.position);
    if (o.position < 0) {
      variadic_end = std::min(variadic_end, i);
    }
    if (i >= n) {
      continue;  // an absent optional operand
    }
    if (std::string p = check(i, o); !p.empty()) {
      return p;
    }
  }
  if (info.variadic) {
    for (size_t i = 0; i < variadic_end; ++i) {
      if (std::string p = check(i, *info.variadic); !p.empty()) {
        return p;
      }
    }
  }
  for (const auto& [key, value] : c->attrs) {
    if (key == "template" && info.template_args) {
      if (!value.is_string()) {
        return fmt::format("attribute 'template' of {} must be a string", info.spelling);
      }
      continue;
    }
    auto it = std::find_if(info.attrs.begin(), info.attrs.end(),
                           [&k = key](const TtAttrInfo& a) { return k == a.name; });
    if (it == info.attrs.end()) {
      return fmt::format("{} has no attribute '{}'", info.spelling, key);
    }
    if (!attr_has_type(value, it->type)) {
      return fmt::format("attribute '{}' of {} must be a {}", key, info.spelling,
                         attr_type_name(it->type));
    }
  }
  return "";
}

namespace tt_detail {

const Expr& operand(const Call* c, TtOp op, int position, TtPresence presence) {
  static const Expr absent;
  TILE_ASSERT(c && c->name == tt_op_name(op))
      << "operand accessor of " << tt_op_name(op) << " used on " << (c ? c->name : "null");
  size_t n = c->args.size();
  size_t i = position >= 0 ? static_cast<size_t>(position) : n - static_cast<size_t>(-position);
  if (i >= n) {
    TILE_ASSERT(presence == TtPresence::kOptional)
        << c->name << " lacks operand " << position << " (the verifier checks arity)";
    return absent;
  }
  return c->args[i];
}

std::vector<Expr> variadic(const Call* c, TtOp op) {
  TILE_ASSERT(c && c->name == tt_op_name(op))
      << "operand accessor of " << tt_op_name(op) << " used on " << (c ? c->name : "null");
  size_t trailing = tt_op_info(op).operands.size();
  TILE_ASSERT(c->args.size() >= trailing) << c->name << " lacks operands";
  return std::vector<Expr>(c->args.begin(), c->args.end() - static_cast<std::ptrdiff_t>(trailing));
}

Buffer buffer_of(const Expr& e) {
  const RegionRef* r = e.as<RegionRef>();
  return r ? r->region.buffer : Buffer();
}

const Region* region_of(const Expr& e) {
  const RegionRef* r = e.as<RegionRef>();
  return r ? &r->region : nullptr;
}

}  // namespace tt_detail

}  // namespace tltt::ir
