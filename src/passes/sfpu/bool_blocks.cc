// B3, before the nests are mapped: on-chip bool blocks that only take part in compute (a mask
// vector computed per column from an index tensor, `mask[j] = Idx[base + j] <= s`, then read as
// a T.if_then_else condition) become float32 blocks holding 1.0 or 0.0, so the SFPU writes them
// as predicates and the unpacker reads them back: a store `m[..] = c` becomes
// `m[..] = select(c, 1.0, 0.0)`, a load `m[..]` becomes `m[..] != 0.0`. Casts between bool and
// int32 that only spell logic (`cast(bool, cast(int32, a) & cast(int32, b))`, the front end's
// form of `a & b` on conditions) become `a and b` / `a or b`.
#include "passes/sfpu/bool_blocks.h"

#include <map>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/vector_layout.h"

namespace tltt::passes::sfpu {

using namespace ir;

namespace {

// `cast(int32, c)` with c a bool: the condition c.
const Expr* bool_source(const Expr& e) {
  const Cast* c = e.as<Cast>();
  return c && c->value.dtype().is_bool() ? &c->value : nullptr;
}

class BoolBlocks : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, Buffer> blocks;  // bool block -> its float32 0/1 block

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = blocks.find(b.get());
    return it == blocks.end() ? b : it->second;
  }

  Expr visit(const BufferLoad* op) override {
    Expr e = Mutator::visit(op);
    if (!blocks.count(op->buffer.get())) {
      return e;
    }
    return Compare::make(CompareOp::kNE, e, FloatImm::make(0.0, DataType::float32(), op->loc),
                         op->loc);
  }

  Stmt visit(const BufferStore* op) override {
    Stmt s = Mutator::visit(op);
    if (!blocks.count(op->buffer.get())) {
      return s;
    }
    const BufferStore* st = s.as<BufferStore>();
    Location loc = op->loc;
    Expr v = Select::make(st->value, FloatImm::make(1.0, DataType::float32(), loc),
                          FloatImm::make(0.0, DataType::float32(), loc), loc);
    return BufferStore::make(st->buffer, st->indices, v, loc);
  }

  Stmt visit(const Fill* op) override {
    Stmt s = Mutator::visit(op);
    const Fill* f = s.as<Fill>();
    if (!f || !blocks.count(op->dst.buffer.get())) {
      return s;
    }
    // T.fill(mask, True): the value as 1.0 or 0.0.
    Location loc = op->loc;
    Expr one = FloatImm::make(1.0, DataType::float32(), loc);
    Expr zero = FloatImm::make(0.0, DataType::float32(), loc);
    Expr v = f->value.dtype().is_bool() ? Select::make(f->value, one, zero, loc) : f->value;
    return Fill::make(f->dst, v, loc);
  }

  Expr visit(const Cast* op) override {
    Expr e = Mutator::visit(op);
    const Cast* c = e.as<Cast>();
    if (!c || !c->dtype.is_bool()) {
      return e;
    }
    if (const Expr* b = bool_source(c->value)) {
      return *b;  // cast(bool, cast(int32, c)) is c
    }
    Expr l = logic(c->value);
    return l.defined() ? l : e;
  }

  // `(cast(int32, a) & cast(int32, b)) != 0` (and == 0, its negation): the same logic.
  Expr visit(const Compare* op) override {
    Expr e = Mutator::visit(op);
    const Compare* c = e.as<Compare>();
    auto k = c ? as_const_int(c->b) : std::nullopt;
    if (!k || *k != 0 || (c->op != CompareOp::kNE && c->op != CompareOp::kEQ)) {
      return e;
    }
    Expr l = logic(c->a);
    if (!l.defined()) {
      return e;
    }
    return c->op == CompareOp::kNE ? l : Unary::make(UnaryOp::kNot, l, c->loc);
  }

 private:
  // `cast(int32, a) & cast(int32, b)` (or |) as `a and b` (`a or b`); undefined otherwise.
  static Expr logic(const Expr& v) {
    const Binary* bin = v.as<Binary>();
    if (!bin || (bin->op != BinaryOp::kBitAnd && bin->op != BinaryOp::kBitOr)) {
      return {};
    }
    const Expr* a = bool_source(bin->a);
    const Expr* b = bool_source(bin->b);
    if (!a || !b) {
      return {};
    }
    return Logical::make(bin->op == BinaryOp::kBitAnd ? LogicalOp::kAnd : LogicalOp::kOr, *a, *b,
                         v.loc());
  }
};

}  // namespace

PrimFunc float_bool_blocks(const PrimFunc& f) {
  // Bool blocks copied to or from anything keep their dtype (their bytes are the tensor's; C1
  // says what cannot be computed on them).
  std::set<const BufferNode*> copied;
  std::vector<Buffer> candidates;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kCopy) {
      const Copy* c = static_cast<const Copy*>(n);
      copied.insert(c->src.buffer.get());
      copied.insert(c->dst.buffer.get());
    } else if (n->kind == NodeKind::kAllocate) {
      const Buffer& b = static_cast<const Allocate*>(n)->buffer;
      // Blocks and vectors only: bool kernel-local flags (T.alloc_var, one-element blocks)
      // stay the scalar branches' conditions (D3a).
      bool block = b->scope == MemScope::kFragment || b->scope == MemScope::kShared;
      if (b->dtype.is_bool() && block && !b->attrs.has(kScalarElementAttr)) {
        candidates.push_back(b);
      }
    }
  });
  BoolBlocks m;
  for (const Buffer& b : candidates) {
    if (!copied.count(b.get())) {
      m.blocks.emplace(b.get(), Buffer::make(b->name, DataType::float32(), b->shape, b->scope,
                                             b->attrs, b->loc));
    }
  }
  return m.mutate(f);
}

}  // namespace tltt::passes::sfpu
