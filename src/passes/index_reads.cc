// D3's reads of index tensor elements into data-movement kernels (see index_reads.h). The
// element's tile page has the device layout of any tensor (outer dimensions as page offsets, the
// last two tiled in 16x16 faces); the NoC moves 32-byte aligned runs, so the run that holds the
// element is read into the reserved pages of a CB the kernel is about to fill anyway, and the
// word is taken from there before that fill overwrites it.
#include "passes/index_reads.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

Expr div(Expr a, int64_t d, const Location& loc) {
  return Binary::make(BinaryOp::kFloorDiv, std::move(a), cint(d, loc), loc);
}
Expr mod(Expr a, int64_t d, const Location& loc) {
  return Binary::make(BinaryOp::kFloorMod, std::move(a), cint(d, loc), loc);
}

bool stmt_uses(const Stmt& s, const Variable* v) {
  bool used = false;
  post_order_visit(s, [&](const Node* n) { used |= n == v; });
  return used;
}

// The first cb_reserve_back of `s` in program order (children before parents, statements of a
// sequence in order), else nullptr.
const Call* first_reserve(const Stmt& s) {
  const Call* out = nullptr;
  post_order_visit(s, [&](const Node* n) {
    const auto* c = n->kind == NodeKind::kCall ? static_cast<const Call*>(n) : nullptr;
    if (!out && is_tt_op(c, TtOp::kCbReserveBack)) {
      out = c;
    }
  });
  return out;
}

class IndexReads : public Mutator {
 public:
  using Mutator::visit;
  std::string role;
  const std::map<const BufferNode*, Var>* accessors = nullptr;
  PassContext* ctx = nullptr;

  Stmt visit(const LetStmt* op) override {
    std::vector<const BufferLoad*> loads;
    post_order_visit(Evaluate::make(op->value, op->loc), [&](const Node* n) {
      const auto* ld =
          n->kind == NodeKind::kBufferLoad ? static_cast<const BufferLoad*>(n) : nullptr;
      if (ld && ld->buffer->scope == MemScope::kGlobal) {
        loads.push_back(ld);
      }
    });
    if (loads.empty()) {
      return Mutator::visit(op);
    }
    Stmt body = mutate(op->body);
    if (!stmt_uses(body, op->var.get())) {
      return body;  // a value this kernel does not need
    }
    Location loc = op->loc;
    auto fail = [&](const Buffer& t, const std::string& why) {
      ctx->error(loc) << fmt::format("the {} kernel reads '{}' (elements of '{}') as a scalar: {}",
                                     role, print(op->value), t->name, why);
      return LetStmt::make(op->var, op->value, body, loc);
    };
    const Call* reserve = first_reserve(body);
    Var addr = Variable::make("l1_index_addr", DataType::int32(), loc);
    std::vector<std::pair<Var, Expr>> words;
    std::map<const BufferLoad*, Expr> value_of;
    for (const BufferLoad* ld : loads) {
      const Buffer& t = ld->buffer;
      if (role == "compute") {
        return fail(t,
                    "only the reader reads tensor elements; a value compute needs (a mask "
                    "bound or loop bound such as `cu_seqlens[b + 1] - cu_seqlens[b]`) has no "
                    "Tenstorrent lowering yet");
      }
      if (role != "reader") {
        return fail(t,
                    "only the reader reads tensor elements (the writer has no free L1 to "
                    "read them into)");
      }
      if (t->dtype.bytes() != 4 || !(t->dtype.is_integer() || t->dtype == DataType::float32())) {
        return fail(t, fmt::format("elements read as scalars are 4-byte (int32, uint32, "
                                   "float32), not {}",
                                   t->dtype.str()));
      }
      auto acc = accessors->find(t.get());
      if (!reserve || acc == accessors->end()) {
        return fail(t, "no CB is filled after the read to read the element through");
      }
      auto [page, byte] = element_address(ld);
      Expr word = tt_call(TtOp::kReadElementWord, DataType::uint32(),
                          {addr, acc->second, page, byte}, {}, loc);
      Expr value = decode_element(t->dtype, word, loc);
      Var w = Variable::make(t->name + "_element", t->dtype, loc);
      words.push_back({w, value});
      value_of[ld] = w;
      ctx->remark(loc, "index-element") << fmt::format(
          "the reader reads element {} of '{}' (page {}, byte {}) through the reserved pages of "
          "CB '{}' before it fills them: one noc_async_read of 32 bytes and a barrier",
          print(Expr(ld)), t->name, print(page), print(byte), ref_buffer(reserve->args[0])->name);
    }
    class Sub : public Mutator {
     public:
      using Mutator::visit;
      std::map<const BufferLoad*, Expr>* value_of = nullptr;
      Expr visit(const BufferLoad* ld) override {
        auto it = value_of->find(ld);
        return it == value_of->end() ? Mutator::visit(ld) : it->second;
      }
    } sub;
    sub.value_of = &value_of;
    Stmt inner = LetStmt::make(op->var, sub.mutate(op->value), body, loc);
    for (auto it = words.rbegin(); it != words.rend(); ++it) {
      inner = LetStmt::make(it->first, it->second, inner, loc);
    }
    Expr cb = reserve->args[0];
    return SeqStmt::make(
        {tt_call_stmt(TtOp::kCbReserveBack, reserve->args, {}, loc),
         LetStmt::make(addr, tt_call(TtOp::kGetWritePtr, DataType::int32(), {cb}, {}, loc), inner,
                       loc)},
        loc);
  }
};

}  // namespace

Expr outer_page(const Region& r, const Location& loc) {
  const Buffer& t = r.buffer;
  auto grid = tile_grid(t);
  Expr page = cint(0, loc);
  for (size_t d = 0; d + 2 < t.rank(); ++d) {
    page = add(mul(page, t->shape[d]), r.ranges[d].min);
  }
  return mul(page, cint(grid[0] * grid[1], loc));
}

ElementAddress element_address(const BufferLoad* ld) {
  const Buffer& t = ld->buffer;
  Location loc = ld->loc;
  size_t rank = t.rank();
  auto grid = tile_grid(t);
  Expr page = cint(0, loc);
  for (size_t d = 0; d + 2 < rank; ++d) {
    page = add(mul(page, t->shape[d]), ld->indices[d]);
  }
  const Expr& r = ld->indices[rank - 2];
  const Expr& c = ld->indices[rank - 1];
  page = simplify(add(mul(page, cint(grid[0] * grid[1], loc)),
                      add(mul(div(r, kTile, loc), cint(grid[1], loc)), div(c, kTile, loc))));
  Expr face =
      add(mul(div(mod(r, kTile, loc), 16, loc), cint(2, loc)), div(mod(c, kTile, loc), 16, loc));
  Expr elem =
      add(mul(face, cint(256, loc)), add(mul(mod(r, 16, loc), cint(16, loc)), mod(c, 16, loc)));
  return {page, simplify(mul(elem, cint(4, loc)))};
}

Expr decode_element(const DataType& t, const Expr& word, const Location& loc) {
  return t == DataType::float32()
             ? tt_call(TtOp::kFloatOfBits, DataType::float32(), {word}, {}, loc)
         : t == DataType::uint32() ? word
                                   : Cast::make(t, word, loc);
}

Stmt read_index_elements(const Stmt& body, const std::string& role,
                         const std::map<const BufferNode*, Var>& accessors, PassContext& ctx) {
  IndexReads r;
  r.role = role;
  r.accessors = &accessors;
  r.ctx = &ctx;
  return r.mutate(body);
}

}  // namespace tltt::passes
