// Node constructors (with the type rules a well-formed IR obeys) and small IR helpers.
#include "ir/ir.h"

#include "support/assert.h"

namespace tltt::ir {

const char* node_kind_name(NodeKind kind) {
  switch (kind) {
#define TLTT_IR_EXPR(Name) \
  case NodeKind::k##Name:  \
    return #Name;
#define TLTT_IR_STMT(Name) TLTT_IR_EXPR(Name)
#include "ir/ir_nodes.def"
  }
  return "?";
}

const char* binary_op_symbol(BinaryOp op) {
  switch (op) {
#define X(name, sym)      \
  case BinaryOp::k##name: \
    return sym;
    TLTT_BINARY_OPS(X)
#undef X
  }
  return "?";
}

const char* unary_op_symbol(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNeg:
      return "-";
    case UnaryOp::kNot:
      return "not ";
    case UnaryOp::kBitNot:
      return "~";
  }
  return "?";
}

const char* compare_op_symbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEQ:
      return "==";
    case CompareOp::kNE:
      return "!=";
    case CompareOp::kLT:
      return "<";
    case CompareOp::kLE:
      return "<=";
    case CompareOp::kGT:
      return ">";
    case CompareOp::kGE:
      return ">=";
  }
  return "?";
}

const char* logical_op_symbol(LogicalOp op) { return op == LogicalOp::kAnd ? "and" : "or"; }

const char* mem_scope_name(MemScope scope) {
  switch (scope) {
    case MemScope::kGlobal:
      return "global";
    case MemScope::kShared:
      return "shared";
    case MemScope::kFragment:
      return "fragment";
    case MemScope::kLocal:
      return "local";
    case MemScope::kVar:
      return "var";
    case MemScope::kCB:
      return "cb";
  }
  return "?";
}

bool parse_mem_scope(const std::string& name, MemScope* out) {
  static const std::pair<const char*, MemScope> kNames[] = {{"global", MemScope::kGlobal},
                                                            {"shared", MemScope::kShared},
                                                            {"shared.dyn", MemScope::kShared},
                                                            {"fragment", MemScope::kFragment},
                                                            {"local.fragment", MemScope::kFragment},
                                                            {"local", MemScope::kLocal},
                                                            {"var", MemScope::kVar},
                                                            {"local.var", MemScope::kVar},
                                                            {"cb", MemScope::kCB}};
  for (const auto& [n, s] : kNames) {
    if (name == n) {
      *out = s;
      return true;
    }
  }
  return false;
}

const char* for_kind_name(ForKind kind) {
  switch (kind) {
    case ForKind::kSerial:
      return "serial";
    case ForKind::kParallel:
      return "parallel";
    case ForKind::kPipelined:
      return "pipelined";
    case ForKind::kUnrolled:
      return "unrolled";
    case ForKind::kVectorized:
      return "vectorized";
    case ForKind::kPersistent:
      return "persistent";
  }
  return "?";
}

const char* reduce_kind_name(ReduceKind kind) {
  switch (kind) {
    case ReduceKind::kSum:
      return "sum";
    case ReduceKind::kMax:
      return "max";
    case ReduceKind::kMin:
      return "min";
    case ReduceKind::kAbsSum:
      return "abssum";
    case ReduceKind::kAbsMax:
      return "absmax";
  }
  return "?";
}

namespace {
template <class T>
T* new_node(Location loc) {
  T* n = make_object<T>();
  n->kind = T::kKind;
  n->loc = loc;
  return n;
}

void check_region(const Region& r) {
  TILE_ASSERT(r.buffer.defined()) << "region without buffer";
  TILE_ASSERT(r.ranges.size() == r.buffer.rank())
      << "region of " << r.buffer->name << " has " << r.ranges.size() << " ranges, buffer rank "
      << r.buffer.rank();
  for (const auto& rg : r.ranges) {
    TILE_ASSERT(rg.min.defined() && rg.extent.defined()) << "undefined range in region";
  }
}
}  // namespace

Buffer Buffer::make(std::string name, DataType dtype, std::vector<Expr> shape, MemScope scope,
                    Attrs attrs, Location loc) {
  auto* b = make_object<BufferNode>();
  b->name = std::move(name);
  b->dtype = dtype;
  b->shape = std::move(shape);
  b->scope = scope;
  b->attrs = std::move(attrs);
  b->loc = loc;
  return Buffer(b);
}

Buffer Buffer::with_scope(MemScope scope) const {
  return make(get()->name, get()->dtype, get()->shape, scope, get()->attrs, get()->loc);
}

Buffer Buffer::with_attrs(Attrs attrs) const {
  return make(get()->name, get()->dtype, get()->shape, get()->scope, std::move(attrs), get()->loc);
}

Region Region::full(const Buffer& buffer, Location loc) {
  Region r{buffer, {}, loc};
  for (const auto& s : buffer->shape) {
    r.ranges.push_back({make_int(0, loc), s});
  }
  return r;
}

Expr IntImm::make(int64_t value, DataType dtype, Location loc) {
  TILE_ASSERT(dtype.is_integer() || dtype.is_bool()) << "IntImm of type " << dtype.str();
  auto* n = new_node<IntImm>(loc);
  n->dtype = dtype;
  n->value = value;
  return Expr(n);
}

Expr FloatImm::make(double value, DataType dtype, Location loc) {
  TILE_ASSERT(dtype.is_float()) << "FloatImm of type " << dtype.str();
  auto* n = new_node<FloatImm>(loc);
  n->dtype = dtype;
  n->value = value;
  return Expr(n);
}

Expr BoolImm::make(bool value, Location loc) {
  auto* n = new_node<BoolImm>(loc);
  n->dtype = DataType::boolean();
  n->value = value;
  return Expr(n);
}

Expr StringImm::make(std::string value, Location loc) {
  auto* n = new_node<StringImm>(loc);
  n->dtype = DataType::handle();
  n->value = std::move(value);
  return Expr(n);
}

Var Variable::make(std::string name, DataType dtype, Location loc) {
  auto* n = new_node<Variable>(loc);
  n->dtype = dtype;
  n->name = std::move(name);
  return Var(n);
}

Expr Binary::make(BinaryOp op, Expr a, Expr b, Location loc) {
  TILE_ASSERT(a.defined() && b.defined()) << "Binary with undefined operand";
  TILE_ASSERT(a.dtype() == b.dtype()) << "Binary " << binary_op_symbol(op) << " operand types "
                                      << a.dtype().str() << " vs " << b.dtype().str();
  auto* n = new_node<Binary>(loc);
  n->dtype = a.dtype();
  n->op = op;
  n->a = std::move(a);
  n->b = std::move(b);
  return Expr(n);
}

Expr Unary::make(UnaryOp op, Expr a, Location loc) {
  TILE_ASSERT(a.defined()) << "Unary with undefined operand";
  auto* n = new_node<Unary>(loc);
  n->dtype = op == UnaryOp::kNot ? DataType::boolean() : a.dtype();
  n->op = op;
  n->a = std::move(a);
  return Expr(n);
}

Expr Compare::make(CompareOp op, Expr a, Expr b, Location loc) {
  TILE_ASSERT(a.defined() && b.defined()) << "Compare with undefined operand";
  TILE_ASSERT(a.dtype() == b.dtype())
      << "Compare operand types " << a.dtype().str() << " vs " << b.dtype().str();
  auto* n = new_node<Compare>(loc);
  n->dtype = DataType::boolean();
  n->op = op;
  n->a = std::move(a);
  n->b = std::move(b);
  return Expr(n);
}

Expr Logical::make(LogicalOp op, Expr a, Expr b, Location loc) {
  TILE_ASSERT(a.defined() && b.defined()) << "Logical with undefined operand";
  TILE_ASSERT(a.dtype().is_bool() && b.dtype().is_bool()) << "Logical operands must be bool";
  auto* n = new_node<Logical>(loc);
  n->dtype = DataType::boolean();
  n->op = op;
  n->a = std::move(a);
  n->b = std::move(b);
  return Expr(n);
}

Expr Select::make(Expr cond, Expr true_value, Expr false_value, Location loc) {
  TILE_ASSERT(cond.defined() && true_value.defined() && false_value.defined());
  TILE_ASSERT(cond.dtype().is_bool()) << "Select condition of type " << cond.dtype().str();
  TILE_ASSERT(true_value.dtype() == false_value.dtype())
      << "Select branch types " << true_value.dtype().str() << " vs " << false_value.dtype().str();
  auto* n = new_node<Select>(loc);
  n->dtype = true_value.dtype();
  n->cond = std::move(cond);
  n->true_value = std::move(true_value);
  n->false_value = std::move(false_value);
  return Expr(n);
}

Expr Cast::make(DataType dtype, Expr value, Location loc) {
  TILE_ASSERT(value.defined());
  auto* n = new_node<Cast>(loc);
  n->dtype = dtype;
  n->value = std::move(value);
  return Expr(n);
}

Expr BufferLoad::make(Buffer buffer, std::vector<Expr> indices, Location loc) {
  TILE_ASSERT(buffer.defined());
  auto* n = new_node<BufferLoad>(loc);
  n->dtype = buffer->dtype;
  n->buffer = std::move(buffer);
  n->indices = std::move(indices);
  return Expr(n);
}

Expr Call::make(DataType dtype, std::string name, std::vector<Expr> args, Attrs attrs,
                Location loc) {
  for (const auto& a : args) {
    TILE_ASSERT(a.defined()) << "undefined argument of call " << name;
  }
  auto* n = new_node<Call>(loc);
  n->dtype = dtype;
  n->name = std::move(name);
  n->args = std::move(args);
  n->attrs = std::move(attrs);
  return Expr(n);
}

Expr RegionRef::make(Region region, Location loc) {
  check_region(region);
  auto* n = new_node<RegionRef>(loc);
  n->dtype = DataType::handle();
  n->region = std::move(region);
  return Expr(n);
}

Stmt SeqStmt::make(std::vector<Stmt> stmts, Location loc) {
  std::vector<Stmt> flat;
  for (auto& s : stmts) {
    TILE_ASSERT(s.defined()) << "undefined statement in sequence";
    if (const auto* seq = s.as<SeqStmt>()) {
      flat.insert(flat.end(), seq->stmts.begin(), seq->stmts.end());
    } else {
      flat.push_back(std::move(s));
    }
  }
  if (flat.size() == 1) {
    return flat[0];
  }
  auto* n = new_node<SeqStmt>(loc);
  n->stmts = std::move(flat);
  return Stmt(n);
}

Stmt KernelLaunch::make(std::vector<Expr> extents, std::vector<Var> vars, Attrs attrs, Stmt body,
                        Location loc) {
  TILE_ASSERT(body.defined());
  TILE_ASSERT(extents.size() == vars.size()) << "launch extents/vars mismatch";
  auto* n = new_node<KernelLaunch>(loc);
  n->extents = std::move(extents);
  n->vars = std::move(vars);
  n->attrs = std::move(attrs);
  n->body = std::move(body);
  return Stmt(n);
}

Stmt Allocate::make(Buffer buffer, Stmt body, Location loc) {
  TILE_ASSERT(buffer.defined() && body.defined());
  auto* n = new_node<Allocate>(loc);
  n->buffer = std::move(buffer);
  n->body = std::move(body);
  return Stmt(n);
}

Stmt For::make(Var var, Expr min, Expr extent, ForKind kind, Stmt body, int64_t num_stages,
               Attrs attrs, Location loc) {
  TILE_ASSERT(var.defined() && min.defined() && extent.defined() && body.defined());
  auto* n = new_node<For>(loc);
  n->var = std::move(var);
  n->min = std::move(min);
  n->extent = std::move(extent);
  n->for_kind = kind;
  n->num_stages = num_stages;
  n->attrs = std::move(attrs);
  n->body = std::move(body);
  return Stmt(n);
}

Stmt BufferStore::make(Buffer buffer, std::vector<Expr> indices, Expr value, Location loc) {
  TILE_ASSERT(buffer.defined() && value.defined());
  auto* n = new_node<BufferStore>(loc);
  n->buffer = std::move(buffer);
  n->indices = std::move(indices);
  n->value = std::move(value);
  return Stmt(n);
}

Stmt BufferView::make(Buffer buffer, Buffer source, std::string construct, Stmt body,
                      Location loc) {
  TILE_ASSERT(buffer.defined() && source.defined() && body.defined());
  TILE_ASSERT(buffer->scope == source->scope);
  auto* n = new_node<BufferView>(loc);
  n->buffer = std::move(buffer);
  n->source = std::move(source);
  n->construct = std::move(construct);
  n->body = std::move(body);
  return Stmt(n);
}

Stmt While::make(Expr cond, Stmt body, Location loc) {
  TILE_ASSERT(cond.defined() && body.defined());
  auto* n = new_node<While>(loc);
  n->cond = std::move(cond);
  n->body = std::move(body);
  return Stmt(n);
}

Stmt LetStmt::make(Var var, Expr value, Stmt body, Location loc) {
  TILE_ASSERT(var.defined() && value.defined() && body.defined());
  auto* n = new_node<LetStmt>(loc);
  n->var = std::move(var);
  n->value = std::move(value);
  n->body = std::move(body);
  return Stmt(n);
}

Stmt IfThenElse::make(Expr cond, Stmt then_case, Stmt else_case, Location loc) {
  TILE_ASSERT(cond.defined() && then_case.defined());
  auto* n = new_node<IfThenElse>(loc);
  n->cond = std::move(cond);
  n->then_case = std::move(then_case);
  n->else_case = std::move(else_case);
  return Stmt(n);
}

Stmt Evaluate::make(Expr value, Location loc) {
  TILE_ASSERT(value.defined());
  auto* n = new_node<Evaluate>(loc);
  n->value = std::move(value);
  return Stmt(n);
}

Stmt Copy::make(Region src, Region dst, Attrs attrs, Location loc) {
  check_region(src);
  check_region(dst);
  auto* n = new_node<Copy>(loc);
  n->src = std::move(src);
  n->dst = std::move(dst);
  n->attrs = std::move(attrs);
  return Stmt(n);
}

Stmt Gemm::make(Region a, Region b, Region c, bool transpose_a, bool transpose_b, bool clear_accum,
                Attrs attrs, Location loc) {
  check_region(a);
  check_region(b);
  check_region(c);
  auto* n = new_node<Gemm>(loc);
  n->a = std::move(a);
  n->b = std::move(b);
  n->c = std::move(c);
  n->transpose_a = transpose_a;
  n->transpose_b = transpose_b;
  n->clear_accum = clear_accum;
  n->attrs = std::move(attrs);
  return Stmt(n);
}

Stmt Fill::make(Region dst, Expr value, Location loc) {
  check_region(dst);
  TILE_ASSERT(value.defined());
  auto* n = new_node<Fill>(loc);
  n->dst = std::move(dst);
  n->value = std::move(value);
  return Stmt(n);
}

Stmt Reduce::make(ReduceKind kind, Region src, Region dst, int64_t dim, bool clear, Location loc) {
  check_region(src);
  check_region(dst);
  auto* n = new_node<Reduce>(loc);
  n->reduce_kind = kind;
  n->src = std::move(src);
  n->dst = std::move(dst);
  n->dim = dim;
  n->clear = clear;
  return Stmt(n);
}

Stmt AtomicAdd::make(Region dst, Expr value, Attrs attrs, Location loc) {
  check_region(dst);
  TILE_ASSERT(value.defined());
  auto* n = new_node<AtomicAdd>(loc);
  n->dst = std::move(dst);
  n->value = std::move(value);
  n->attrs = std::move(attrs);
  return Stmt(n);
}

Stmt AnnotateLayout::make(std::vector<Buffer> buffers, std::vector<Expr> layouts, Location loc) {
  TILE_ASSERT(buffers.size() == layouts.size());
  auto* n = new_node<AnnotateLayout>(loc);
  n->buffers = std::move(buffers);
  n->layouts = std::move(layouts);
  return Stmt(n);
}

PrimFunc PrimFunc::with_body(Stmt new_body) const {
  PrimFunc f = *this;
  f.body = std::move(new_body);
  return f;
}

PrimFunc PrimFunc::with_attr(const std::string& key, AttrValue value) const {
  PrimFunc f = *this;
  f.attrs.set(key, std::move(value));
  return f;
}

const PrimFunc* Module::find(const std::string& name) const {
  for (const auto& f : functions) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

std::optional<int64_t> as_const_int(const Expr& e) {
  if (const auto* i = e.as<IntImm>()) {
    return i->value;
  }
  return std::nullopt;
}

Expr make_zero(DataType dtype, Location loc) {
  if (dtype.is_float()) {
    return FloatImm::make(0.0, dtype, loc);
  }
  if (dtype.is_bool()) {
    return BoolImm::make(false, loc);
  }
  return IntImm::make(0, dtype, loc);
}

}  // namespace tltt::ir
