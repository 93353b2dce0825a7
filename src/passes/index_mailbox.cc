// D3's index mailbox (see index_mailbox.h): the compute kernel has no NoC, so a tensor element
// it needs as a scalar (a mask bound read from an index tensor) is read by the reader, into the
// pages of a small CB it then pushes; compute waits for them, takes the words from the CB's
// front pages (read_tile_value) and pops them before the rest of its block. Each page holds the
// 32-byte run of the tensor's page the element sits in (the NoC reads aligned runs), so the
// element is word (byte % 32) / 4 of its page in both kernels.
#include "passes/index_mailbox.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
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

// Compute (or the writer): the lets it needs, rewritten to take their elements from its mailbox.
class ConsumerSide : public Mutator {
 public:
  using Mutator::visit;
  Buffer mb;
  PassContext* ctx = nullptr;
  KernelRole role = KernelRole::kCompute;
  std::set<const Variable*> handled;
  int64_t max_elements = 0;
  // Pages of every hand-over once max_elements is known (0: each its own count). The reader's
  // pushes and this side's pops are all of one size, so none straddles the CB's end.
  int64_t slot = 0;

  Stmt visit(const LetStmt* op) override {
    std::vector<const BufferLoad*> loads = global_loads(op->value);
    if (loads.empty()) {
      return Mutator::visit(op);
    }
    Stmt body = mutate(op->body);
    if (!stmt_uses(body, op->var.get())) {
      return body;  // a value this kernel does not need (the reader's offsets)
    }
    Location loc = op->loc;
    for (const BufferLoad* ld : loads) {
      const DataType& t = ld->buffer->dtype;
      if (t.bytes() != 4 || !(t.is_integer() || t == DataType::float32())) {
        ctx->error(loc) << fmt::format(
            "the {} kernel reads '{}' (elements of '{}') as a scalar: elements the reader hands "
            "over are 4-byte (int32, uint32, float32), not {}",
            to_string(role), print(op->value), ld->buffer->name, t.str());
        return LetStmt::make(op->var, op->value, body, loc);
      }
    }
    handled.insert(op->var.get());
    max_elements = std::max<int64_t>(max_elements, static_cast<int64_t>(loads.size()));
    Expr ref = buffer_ref(mb, loc);
    Expr n = cint(slot ? slot : static_cast<int64_t>(loads.size()), loc);
    bool compute = role == KernelRole::kCompute;
    Var addr = Variable::make("l1_mailbox_addr", DataType::int32(), loc);
    std::vector<std::pair<Var, Expr>> words;
    std::map<const BufferLoad*, Expr> value_of;
    for (size_t k = 0; k < loads.size(); ++k) {
      const BufferLoad* ld = loads[k];
      Expr w_index = word_in_page(element_address(ld).byte, loc);
      Expr kk = cint(static_cast<int64_t>(k), loc);
      Expr word =
          compute
              ? tt_call(TtOp::kReadTileValue, DataType::uint32(), {ref, kk, w_index}, {}, loc)
              : tt_call(
                    TtOp::kL1Word, DataType::uint32(),
                    {add(addr, add(mul(kk, cint(kPageBytes, loc)), mul(w_index, cint(4, loc))))},
                    {}, loc);
      Var w = Variable::make(ld->buffer->name + "_element", ld->buffer->dtype, loc);
      words.push_back({w, decode_element(ld->buffer->dtype, word, loc)});
      value_of[ld] = w;
    }
    if (!slot) {
      ctx->remark(loc, "index-mailbox") << fmt::format(
          "{} needs '{}' = {} (elements of '{}'): the reader reads {} element(s) into CB '{}' and "
          "pushes them; {} takes the words from its front pages ({})",
          to_string(role), op->var->name, print(op->value), loads.front()->buffer->name,
          loads.size(), mb->name, to_string(role), compute ? "read_tile_value" : "l1_word");
    }
    Stmt rest =
        let_all(words, seq({tt_call_stmt(TtOp::kCbPopFront, {ref, n}, {}, loc),
                            LetStmt::make(op->var, replace_loads(op->value, value_of), body, loc)},
                           loc));
    if (!compute) {
      rest = LetStmt::make(addr, tt_call(TtOp::kGetReadPtr, DataType::int32(), {ref}, {}, loc),
                           rest, loc);
    }
    return seq({tt_call_stmt(TtOp::kCbWaitFront, {ref, n}, {}, loc), rest}, loc);
  }
};

// Reader: the same lets read their elements into each consumer's mailbox pages and push them.
struct Mailbox {
  Buffer mb;
  const std::set<const Variable*>* handled = nullptr;
  int64_t slot = 1;  // pages of every push (ConsumerSide::slot)
};
class ReaderSide : public Mutator {
 public:
  using Mutator::visit;
  std::vector<Mailbox> boxes;
  PassContext* ctx = nullptr;
  const std::map<const BufferNode*, Var>* accessors = nullptr;
  std::set<const Variable*> done;

  Stmt visit(const LetStmt* op) override {
    std::vector<const Mailbox*> to;
    for (const Mailbox& b : boxes) {
      if (b.handled->count(op->var.get())) {
        to.push_back(&b);
      }
    }
    if (to.empty()) {
      return Mutator::visit(op);
    }
    done.insert(op->var.get());
    Stmt body = mutate(op->body);
    Location loc = op->loc;
    std::vector<const BufferLoad*> loads = global_loads(op->value);
    Expr n = cint(static_cast<int64_t>(loads.size()), loc);
    std::vector<std::vector<std::pair<Var, Expr>>> words(to.size());
    std::map<const BufferLoad*, Expr> value_of;
    std::vector<Var> addrs;
    for (size_t b = 0; b < to.size(); ++b) {
      addrs.push_back(Variable::make("l1_mailbox_addr", DataType::int32(), loc));
      for (size_t k = 0; k < loads.size(); ++k) {
        const BufferLoad* ld = loads[k];
        auto acc = accessors->find(ld->buffer.get());
        if (acc == accessors->end()) {
          ctx->error(loc) << fmt::format(
              "a kernel needs '{}' (elements of '{}') but the reader has no accessor of "
              "'{}' to read them with",
              print(op->value), ld->buffer->name, ld->buffer->name);
          return LetStmt::make(op->var, op->value, body, loc);
        }
        auto [page, byte] = element_address(ld);
        Expr at = add(addrs[b], cint(static_cast<int64_t>(k) * kPageBytes, loc));
        Expr word = tt_call(TtOp::kReadElementWord, DataType::uint32(),
                            {at, acc->second, page, byte}, {}, loc);
        Var w = Variable::make(ld->buffer->name + "_element", ld->buffer->dtype, loc);
        words[b].push_back({w, decode_element(ld->buffer->dtype, word, loc)});
        if (b == 0) {
          value_of[ld] = w;
        }
      }
    }
    Stmt rest = stmt_uses(body, op->var.get())
                    ? LetStmt::make(op->var, replace_loads(op->value, value_of), body, loc)
                    : body;
    for (size_t b = to.size(); b-- > 0;) {
      Expr ref = buffer_ref(to[b]->mb, loc);
      n = cint(to[b]->slot, loc);
      rest = seq({tt_call_stmt(TtOp::kCbReserveBack, {ref, n}, {}, loc),
                  LetStmt::make(
                      addrs[b], tt_call(TtOp::kGetWritePtr, DataType::int32(), {ref}, {}, loc),
                      let_all(words[b],
                              seq({tt_call_stmt(TtOp::kCbPushBack, {ref, n}, {}, loc), rest}, loc)),
                      loc)},
                 loc);
    }
    return rest;
  }
};

// `s` with buffer `from` replaced by `to` (the mailbox once its depth is known).
Stmt resize(const Stmt& s, const BufferNode* from, const Buffer& to) {
  class Resize : public Mutator {
   public:
    using Mutator::visit;
    const BufferNode* from = nullptr;
    Buffer to;
    Buffer mutate_buffer(const Buffer& b) override { return b.get() == from ? to : b; }
  } r;
  r.from = from;
  r.to = to;
  return r.mutate(s);
}

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
  Module out = m;
  PrimFunc* reader = nullptr;
  std::map<KernelRole, PrimFunc*> consumers;
  for (PrimFunc& f : out.functions) {
    const KernelPlan* k = m.plan.kernel_of(f.name);
    if (k && k->role == KernelRole::kReader) {
      reader = &f;
    } else if (k) {
      consumers[k->role] = &f;
    }
  }
  if (!reader) {
    return m;
  }
  std::vector<std::unique_ptr<ConsumerSide>> sides;
  std::vector<Mailbox> boxes;
  DevicePlan& plan = out.plan;
  for (auto& [role, f] : consumers) {
    auto side = std::make_unique<ConsumerSide>();
    side->role = role;
    side->ctx = &ctx;
    side->mb = Buffer::make(role == KernelRole::kCompute ? "index_mailbox" : "index_mailbox_writer",
                            DataType::uint32(), {cint(1, f->loc)}, MemScope::kCB, {}, f->loc);
    Stmt body = side->mutate(f->body);
    if (side->handled.empty()) {
      continue;
    }
    if (!ctx.failed()) {
      side->slot = side->max_elements;  // again, every hand-over max_elements pages
      side->handled.clear();
      body = side->mutate(f->body);
    }
    int64_t index = free_cb_index(plan, ctx.device.max_cbs);
    if (index < 0) {
      ctx.error(f->loc) << "the " << to_string(role)
                        << " kernel needs tensor elements as scalars but every CB index is "
                           "taken: no room for the reader to hand them over";
      return m;
    }
    // Two sets of pages: the reader reads the next block's elements while these are in use.
    int64_t pages = 2 * side->max_elements;
    Attrs attrs;
    attrs.set(keys::kCbFormat, std::string("UInt32"));
    attrs.set(keys::kCbPageSize, kPageBytes);
    attrs.set(keys::kCbNumPages, pages);
    attrs.set(keys::kCbIndex, index);
    Buffer sized = side->mb.with_attrs(attrs);
    f->body = resize(body, side->mb.get(), sized);
    if (role == KernelRole::kCompute) {
      f->body = drop_unused_accessors(f->body);
      bool accessor_left = false;
      post_order_visit(f->body, [&](const Node* n) {
        accessor_left |= n->kind == NodeKind::kCall &&
                         is_tt_op(static_cast<const Call*>(n), TtOp::kTensorAccessor);
      });
      for (KernelPlan& k : plan.kernels) {
        if (k.function == f->name && !accessor_left) {
          k.accessors.clear();
        }
      }
    }
    f->body = allocate_inside(f->body, sized);
    plan.cbs.push_back({index,
                        sized->name,
                        "UInt32",
                        kPageBytes,
                        pages,
                        CbRole::kInput,
                        {KernelRole::kReader},
                        {role}});
    boxes.push_back({sized, &side->handled, side->max_elements});
    sides.push_back(std::move(side));
  }
  if (boxes.empty()) {
    return m;
  }
  static const std::map<const BufferNode*, Var> kNone;
  auto acc = accessors.find(reader->name);
  ReaderSide r;
  r.boxes = boxes;
  r.ctx = &ctx;
  r.accessors = acc == accessors.end() ? &kNone : &acc->second;
  Stmt rbody = r.mutate(reader->body);
  for (const Mailbox& b : boxes) {
    for (const Variable* v : *b.handled) {
      if (!r.done.count(v)) {
        ctx.error(v->loc) << fmt::format(
            "a kernel needs '{}' (read from a tensor) but the reader has no such value to hand "
            "over",
            v->name);
      }
    }
    rbody = allocate_inside(rbody, b.mb);
  }
  reader->body = rbody;
  std::sort(plan.cbs.begin(), plan.cbs.end(),
            [](const CbPlan& a, const CbPlan& b) { return a.index < b.index; });
  return out;
}

}  // namespace tltt::passes
