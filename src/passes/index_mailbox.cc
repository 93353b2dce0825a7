// D3's index mailbox (see index_mailbox.h): the compute kernel has no NoC, so a tensor element
// it needs as a scalar (a mask bound read from an index tensor) is read by the reader, into the
// pages of a small CB it then pushes; compute waits for them, takes the words from the CB's
// front pages (read_tile_value) and pops them before the rest of its block. Each page holds the
// 32-byte run of the tensor's page the element sits in (the NoC reads aligned runs), so the
// element is word (byte % 32) / 4 of its page in both kernels.
#include "passes/index_mailbox.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/index_reads.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

constexpr int64_t kPageBytes = 32;

bool stmt_uses(const Stmt& s, const Variable* v) {
  bool used = false;
  post_order_visit(s, [&](const Node* n) { used |= n == v; });
  return used;
}

// The loads of global tensors in `e`, in visiting order, each once.
std::vector<const BufferLoad*> global_loads(const Expr& e) {
  std::vector<const BufferLoad*> loads;
  post_order_visit(Evaluate::make(e, e->loc), [&](const Node* n) {
    const auto* ld = n->kind == NodeKind::kBufferLoad ? static_cast<const BufferLoad*>(n) : nullptr;
    if (ld && ld->buffer->scope == MemScope::kGlobal) {
      loads.push_back(ld);
    }
  });
  return loads;
}

Expr replace_loads(const Expr& e, const std::map<const BufferLoad*, Expr>& value_of) {
  class Sub : public Mutator {
   public:
    using Mutator::visit;
    const std::map<const BufferLoad*, Expr>* value_of = nullptr;
    Expr visit(const BufferLoad* ld) override {
      auto it = value_of->find(ld);
      return it == value_of->end() ? Mutator::visit(ld) : it->second;
    }
  } sub;
  sub.value_of = &value_of;
  return sub.mutate(e);
}

// The element's word index in its 32-byte page.
Expr word_in_page(const Expr& byte, const Location& loc) {
  return simplify(Binary::make(BinaryOp::kFloorDiv,
                               Binary::make(BinaryOp::kFloorMod, byte, cint(kPageBytes, loc), loc),
                               cint(4, loc), loc));
}

Stmt let_all(const std::vector<std::pair<Var, Expr>>& lets, Stmt body) {
  for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
    body = LetStmt::make(it->first, it->second, body, it->first->loc);
  }
  return body;
}

// Compute: the lets it needs, rewritten to take their elements from the mailbox.
class ComputeSide : public Mutator {
 public:
  using Mutator::visit;
  Buffer mb;
  PassContext* ctx = nullptr;
  std::set<const Variable*> handled;
  int64_t max_elements = 0;

  Stmt visit(const LetStmt* op) override {
    std::vector<const BufferLoad*> loads = global_loads(op->value);
    if (loads.empty()) {
      return Mutator::visit(op);
    }
    Stmt body = mutate(op->body);
    if (!stmt_uses(body, op->var.get())) {
      return body;  // a value compute does not need (the reader's offsets)
    }
    Location loc = op->loc;
    for (const BufferLoad* ld : loads) {
      const DataType& t = ld->buffer->dtype;
      if (t.bytes() != 4 || !(t.is_integer() || t == DataType::float32())) {
        ctx->error(loc) << fmt::format(
            "the compute kernel reads '{}' (elements of '{}') as a scalar: elements handed to "
            "compute are 4-byte (int32, uint32, float32), not {}",
            print(op->value), ld->buffer->name, t.str());
        return LetStmt::make(op->var, op->value, body, loc);
      }
    }
    handled.insert(op->var.get());
    max_elements = std::max<int64_t>(max_elements, static_cast<int64_t>(loads.size()));
    Expr ref = buffer_ref(mb, loc);
    Expr n = cint(static_cast<int64_t>(loads.size()), loc);
    std::vector<std::pair<Var, Expr>> words;
    std::map<const BufferLoad*, Expr> value_of;
    for (size_t k = 0; k < loads.size(); ++k) {
      const BufferLoad* ld = loads[k];
      Expr word = tt_call(TtOp::kReadTileValue, DataType::uint32(),
                          {ref, cint(static_cast<int64_t>(k), loc),
                           word_in_page(element_address(ld).byte, loc)},
                          {}, loc);
      Var w = Variable::make(ld->buffer->name + "_element", ld->buffer->dtype, loc);
      words.push_back({w, decode_element(ld->buffer->dtype, word, loc)});
      value_of[ld] = w;
    }
    ctx->remark(loc, "index-mailbox") << fmt::format(
        "compute needs '{}' = {} (elements of '{}'): the reader reads {} element(s) into CB '{}' "
        "and pushes them; compute takes the words from its front pages (read_tile_value)",
        op->var->name, print(op->value), loads.front()->buffer->name, loads.size(), mb->name);
    Stmt rest = seq({tt_call_stmt(TtOp::kCbPopFront, {ref, n}, {}, loc),
                     LetStmt::make(op->var, replace_loads(op->value, value_of), body, loc)},
                    loc);
    return seq({tt_call_stmt(TtOp::kCbWaitFront, {ref, n}, {}, loc), let_all(words, rest)}, loc);
  }
};

// Reader: the same lets read their elements into the mailbox's pages and push them.
class ReaderSide : public Mutator {
 public:
  using Mutator::visit;
  Buffer mb;
  PassContext* ctx = nullptr;
  const std::set<const Variable*>* handled = nullptr;
  const std::map<const BufferNode*, Var>* accessors = nullptr;
  std::set<const Variable*> done;

  Stmt visit(const LetStmt* op) override {
    if (!handled->count(op->var.get())) {
      return Mutator::visit(op);
    }
    done.insert(op->var.get());
    Stmt body = mutate(op->body);
    Location loc = op->loc;
    std::vector<const BufferLoad*> loads = global_loads(op->value);
    Expr ref = buffer_ref(mb, loc);
    Expr n = cint(static_cast<int64_t>(loads.size()), loc);
    Var addr = Variable::make("l1_mailbox_addr", DataType::int32(), loc);
    std::vector<std::pair<Var, Expr>> words;
    std::map<const BufferLoad*, Expr> value_of;
    for (size_t k = 0; k < loads.size(); ++k) {
      const BufferLoad* ld = loads[k];
      auto acc = accessors->find(ld->buffer.get());
      if (acc == accessors->end()) {
        ctx->error(loc) << fmt::format(
            "the compute kernel needs '{}' (elements of '{}') but the reader has no accessor of "
            "'{}' to read them with (the value is not a let of the block)",
            print(op->value), ld->buffer->name, ld->buffer->name);
        return LetStmt::make(op->var, op->value, body, loc);
      }
      auto [page, byte] = element_address(ld);
      Expr at = add(addr, cint(static_cast<int64_t>(k) * kPageBytes, loc));
      Expr word = tt_call(TtOp::kReadElementWord, DataType::uint32(),
                          {at, acc->second, page, byte}, {}, loc);
      Var w = Variable::make(ld->buffer->name + "_element", ld->buffer->dtype, loc);
      words.push_back({w, decode_element(ld->buffer->dtype, word, loc)});
      value_of[ld] = w;
    }
    Stmt rest = tt_call_stmt(TtOp::kCbPushBack, {ref, n}, {}, loc);
    if (stmt_uses(body, op->var.get())) {
      rest = seq({rest, LetStmt::make(op->var, replace_loads(op->value, value_of), body, loc)}, loc);
    } else {
      rest = seq({rest, body}, loc);
    }
    return seq({tt_call_stmt(TtOp::kCbReserveBack, {ref, n}, {}, loc),
                LetStmt::make(addr, tt_call(TtOp::kGetWritePtr, DataType::int32(), {ref}, {}, loc),
                              let_all(words, rest), loc)},
               loc);
  }
};

// `body` with `mb` allocated inside its leading lets and allocations (next to the other CBs).
Stmt allocate_inside(const Stmt& body, const Buffer& mb) {
  if (const Allocate* a = body.as<Allocate>()) {
    return Allocate::make(a->buffer, allocate_inside(a->body, mb), a->loc);
  }
  return Allocate::make(mb, body, body->loc);
}

// `body` without the lets of accessors (and their addresses) nothing uses any more: compute's
// reads of index tensors moved to the reader.
Stmt drop_unused_accessors(const Stmt& body) {
  if (const LetStmt* let = body.as<LetStmt>()) {
    Stmt inner = drop_unused_accessors(let->body);
    const Call* c = let->value.as<Call>();
    bool accessor = is_tt_op(c, TtOp::kTensorAccessor) || is_tt_op(c, TtOp::kRuntimeArg);
    return accessor && !stmt_uses(inner, let->var.get())
               ? inner
               : LetStmt::make(let->var, let->value, inner, let->loc);
  }
  return body;
}

// A CB index no CB of the plan uses: the spare inputs 8..15, then the intermediates 24..31.
int64_t free_cb_index(const DevicePlan& plan, int64_t max_cbs) {
  std::set<int64_t> used;
  for (const CbPlan& c : plan.cbs) {
    used.insert(c.index);
  }
  for (int64_t lo : {int64_t{8}, int64_t{24}}) {
    for (int64_t i = lo; i < lo + 8 && i < max_cbs; ++i) {
      if (!used.count(i)) {
        return i;
      }
    }
  }
  return -1;
}

}  // namespace

Module mailbox_index_values(const Module& m, const KernelAccessors& accessors, PassContext& ctx) {
  PrimFunc* compute = nullptr;
  PrimFunc* reader = nullptr;
  Module out = m;
  for (PrimFunc& f : out.functions) {
    const KernelPlan* k = m.plan.kernel_of(f.name);
    if (k && k->role == KernelRole::kCompute) {
      compute = &f;
    } else if (k && k->role == KernelRole::kReader) {
      reader = &f;
    }
  }
  if (!compute || !reader) {
    return m;
  }
  int64_t index = free_cb_index(m.plan, ctx.device.max_cbs);
  Attrs attrs;
  attrs.set(keys::kCbFormat, std::string("UInt32"));
  attrs.set(keys::kCbPageSize, kPageBytes);
  attrs.set(keys::kCbIndex, index);
  Buffer mb = Buffer::make("index_mailbox", DataType::uint32(), {cint(1, compute->loc)},
                           MemScope::kCB, attrs, compute->loc);
  ComputeSide c;
  c.mb = mb;
  c.ctx = &ctx;
  Stmt cbody = c.mutate(compute->body);
  if (c.handled.empty()) {
    return m;
  }
  if (index < 0) {
    ctx.error(compute->loc) << "the compute kernel needs tensor elements as scalars but every CB "
                               "index is taken: no room for the reader to hand them over";
    return m;
  }
  // Two sets of pages: the reader reads the next block's elements while compute uses these.
  int64_t pages = 2 * c.max_elements;
  attrs.set(keys::kCbNumPages, pages);
  Buffer sized = mb.with_attrs(attrs);
  class Resize : public Mutator {
   public:
    using Mutator::visit;
    const BufferNode* from = nullptr;
    Buffer to;
    Buffer mutate_buffer(const Buffer& b) override { return b.get() == from ? to : b; }
  } resize;
  resize.from = mb.get();
  resize.to = sized;
  static const std::map<const BufferNode*, Var> kNone;
  auto acc = accessors.find(reader->name);
  ReaderSide r;
  r.mb = mb;
  r.ctx = &ctx;
  r.handled = &c.handled;
  r.accessors = acc == accessors.end() ? &kNone : &acc->second;
  Stmt rbody = r.mutate(reader->body);
  for (const Variable* v : c.handled) {
    if (!r.done.count(v)) {
      ctx.error(compute->loc) << fmt::format(
          "the compute kernel needs '{}' (read from a tensor) but the reader has no such value "
          "to hand over",
          v->name);
    }
  }
  compute->body = allocate_inside(drop_unused_accessors(resize.mutate(cbody)), sized);
  bool accessor_left = false;
  post_order_visit(compute->body, [&](const Node* n) {
    accessor_left |= n->kind == NodeKind::kCall &&
                     is_tt_op(static_cast<const Call*>(n), TtOp::kTensorAccessor);
  });
  for (KernelPlan& k : out.plan.kernels) {
    if (k.function == compute->name && !accessor_left) {
      k.accessors.clear();
    }
  }
  reader->body = allocate_inside(resize.mutate(rbody), sized);
  out.plan.cbs.push_back({index, sized->name, "UInt32", kPageBytes, pages, CbRole::kInput,
                          {KernelRole::kReader}, {KernelRole::kCompute}});
  std::sort(out.plan.cbs.begin(), out.plan.cbs.end(),
            [](const CbPlan& a, const CbPlan& b) { return a.index < b.index; });
  return out;
}

}  // namespace tltt::passes
