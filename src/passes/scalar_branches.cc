// D3a: kernels branch on tensor elements read at run time (a block-sparse mask entry). A1 staged
// each such element into a one-element CB whose (0, 0) the `if` condition loads; every kernel
// that keeps the branch must know the value:
//   reader:  cb_reserve_back; let a = get_write_ptr { read; barrier; push;
//              let v = decode(l1_word(a)) { the rest of the block, loads of the CB -> v } }
//   compute: cb_wait_front (C4's wait of the value nothing else reads);
//              let v = decode(read_tile_value(cb, 0, 0)) { pop; the rest ... }
// The element sits at byte 0 of its tile; decode picks the value out of the 32-bit word by the
// CB's data format. A writer that would branch on one gets a located error.
#include "passes/scalar_branches.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The CBs whose elements expressions of `s` load.
std::set<const BufferNode*> loaded_cbs(const Stmt& s) {
  std::set<const BufferNode*> out;
  post_order_visit(s, [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      const Buffer& b = static_cast<const BufferLoad*>(n)->buffer;
      if (b->scope == MemScope::kCB) {
        out.insert(b.get());
      }
    }
  });
  return out;
}

// `s` with every load of `cb` replaced by `v`.
Stmt substitute(const Stmt& s, const BufferNode* cb, const Expr& v) {
  class Sub : public Mutator {
   public:
    using Mutator::visit;
    const BufferNode* cb = nullptr;
    Expr v;
    Expr visit(const BufferLoad* op) override {
      return op->buffer.get() == cb ? v : Mutator::visit(op);
    }
  } sub;
  sub.cb = cb;
  sub.v = v;
  return sub.mutate(s);
}

// `stmts` with nested sequences spliced in.
std::vector<Stmt> flatten(const std::vector<Stmt>& stmts) {
  std::vector<Stmt> out;
  for (const Stmt& s : stmts) {
    if (const SeqStmt* q = s.as<SeqStmt>()) {
      for (const Stmt& c : flatten(q->stmts)) {
        out.push_back(c);
      }
    } else {
      out.push_back(s);
    }
  }
  return out;
}

const BufferNode* cb_operand(const Call* c) {
  Buffer b = c && !c->args.empty() ? ref_buffer(c->args[0]) : Buffer();
  return b.defined() ? b.get() : nullptr;
}

class Branches : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  KernelRole role = KernelRole::kReader;
  std::string fname;

  Stmt visit(const SeqStmt* op) override {
    std::vector<Stmt> stmts = flatten(op->stmts);
    for (size_t k = 0; k < stmts.size(); ++k) {
      const BufferNode* cb = producer(stmts[k]);
      if (!cb || !read_later(stmts, k + 1, cb)) {
        continue;
      }
      std::vector<Stmt> rest(stmts.begin() + static_cast<std::ptrdiff_t>(k) + 1, stmts.end());
      Stmt tail = seq(rest, op->loc);
      {
        // The let of the page address: its block, then the value, then the rest.
        const LetStmt* let = stmts[k].as<LetStmt>();
        Expr word = tt_call(TtOp::kL1Word, DataType::uint32(), {let->var}, {}, op->loc);
        Stmt bound = bind(cb, word, tail, op->loc);
        if (!bound.defined()) {
          return Mutator::visit(op);
        }
        stmts.resize(k);
        stmts.push_back(
            LetStmt::make(let->var, let->value, seq({let->body, bound}, op->loc), let->loc));
      }
      break;
    }
    std::vector<Stmt> out;
    for (const Stmt& s : stmts) {
      out.push_back(mutate(s));
    }
    return seq(out, op->loc);
  }
  // Compute: cb_wait_front; let v = decode(read_tile_value(cb, 0, 0)) { cb_pop_front; if }.
  Stmt visit(const IfThenElse* op) override {
    Stmt then_case = mutate(op->then_case);
    Stmt else_case = op->else_case.defined() ? mutate(op->else_case) : Stmt();
    Stmt s = IfThenElse::make(op->cond, then_case, else_case, op->loc);
    if (role != KernelRole::kCompute) {
      return s;
    }
    std::vector<Buffer> cbs;
    post_order_visit(Evaluate::make(op->cond, op->loc), [&](const Node* n) {
      const auto* ld =
          n->kind == NodeKind::kBufferLoad ? static_cast<const BufferLoad*>(n) : nullptr;
      if (ld && ld->buffer->scope == MemScope::kCB &&
          std::none_of(cbs.begin(), cbs.end(),
                       [&](const Buffer& b) { return b.same_as(ld->buffer); })) {
        cbs.push_back(ld->buffer);
      }
    });
    for (const Buffer& cb : cbs) {
      Expr ref = buffer_ref(cb, op->loc);
      Expr word = tt_call(TtOp::kReadTileValue, DataType::uint32(),
                          {ref, cint(0, op->loc), cint(0, op->loc)}, {}, op->loc);
      Stmt pop = tt_call_stmt(TtOp::kCbPopFront, {ref, cint(1, op->loc)}, {}, op->loc);
      Stmt bound = bind(cb.get(), word, seq({pop, s}, op->loc), op->loc);
      if (!bound.defined()) {
        return s;
      }
      s = seq({tt_call_stmt(TtOp::kCbWaitFront, {ref, cint(1, op->loc)}, {}, op->loc), bound},
              op->loc);
    }
    return s;
  }

 private:
  // The CB whose value statement `s` makes available: the reader's `let a = get_write_ptr(cb)`
  // around its read.
  const BufferNode* producer(const Stmt& s) const {
    if (role == KernelRole::kCompute) {
      return nullptr;
    }
    const LetStmt* let = s.as<LetStmt>();
    const Call* c = let ? let->value.as<Call>() : nullptr;
    return is_tt_op(c, TtOp::kGetWritePtr) ? cb_operand(c) : nullptr;
  }
  static bool read_later(const std::vector<Stmt>& stmts, size_t from, const BufferNode* cb) {
    for (size_t k = from; k < stmts.size(); ++k) {
      if (loaded_cbs(stmts[k]).count(cb)) {
        return true;
      }
    }
    return false;
  }

  // let v = decode(word) { body, loads of cb -> v }; undefined (with an error) when the CB's
  // format has no decoding.
  Stmt bind(const BufferNode* cb, const Expr& word, const Stmt& body, const Location& loc) {
    std::string format = cb->attrs.get_string("format", "");
    DataType t = cb->dtype;
    int64_t bits = format == "UInt8" || format == "Int8" ? 0xff
                   : format == "UInt16"                  ? 0xffff
                   : format == "Float16_b"               ? 0x7fff
                   : format == "Float32"                 ? 0x7fffffff
                                                         : 0xffffffff;
    Expr u32 = IntImm::make(bits, DataType::uint32(), loc);
    Expr value;
    if (t.is_bool()) {
      value = cmp(CompareOp::kNE, Binary::make(BinaryOp::kBitAnd, word, u32, loc),
                  IntImm::make(0, DataType::uint32(), loc));
    } else if (t.is_integer() && format != "Float16_b" && format != "Float32") {
      value = bits == 0xffffffff ? word : Binary::make(BinaryOp::kBitAnd, word, u32, loc);
      value = t == DataType::uint32() ? value : Cast::make(t, value, loc);
    } else if (t.is_float() && format == "Float32") {
      value = tt_call(TtOp::kFloatOfBits, DataType::float32(), {word}, {}, loc);
      value = t == DataType::float32() ? value : Cast::make(t, value, loc);
    } else if (t.is_float() && format == "Float16_b") {
      Expr hi = Binary::make(BinaryOp::kShl, word, IntImm::make(16, DataType::uint32(), loc), loc);
      value = tt_call(TtOp::kFloatOfBits, DataType::float32(), {hi}, {}, loc);
      value = t == DataType::float32() ? value : Cast::make(t, value, loc);
    } else {
      ctx->error(loc) << "a branch on an element of '" << cb->name << "' (" << t.str() << " in "
                      << format << " tiles) has no Tenstorrent lowering yet";
      return {};
    }
    ctx->remark(loc, "value") << fmt::format(
        "{} branches on the {} element of '{}' read {}", fname, t.str(), cb->name,
        role == KernelRole::kCompute ? "from the CB's front tile (read_tile_value)"
                                     : "from the tile it has just read into L1");
    Var v = Variable::make(cb->name + "_value", value.dtype(), loc);
    return LetStmt::make(v, value, substitute(body, cb, v), loc);
  }
};

}  // namespace

Module scalar_branches(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    const KernelPlan* k = m.plan.kernel_of(f.name);
    if (!k || loaded_cbs(f.body).empty()) {
      continue;
    }
    if (k->role == KernelRole::kWriter) {
      post_order_visit(f.body, [&](const Node* n) {
        if (n->kind == NodeKind::kIfThenElse &&
            !loaded_cbs(Evaluate::make(static_cast<const IfThenElse*>(n)->cond)).empty()) {
          ctx.error(n->loc) << "a tensor write under a branch on a tensor element has no "
                               "Tenstorrent lowering yet (the writer would branch on data only "
                               "the reader reads)";
        }
      });
      continue;
    }
    Branches b;
    b.ctx = &ctx;
    b.role = k->role;
    b.fname = f.name;
    f.body = b.mutate(f.body);
    for (const BufferNode* cb : loaded_cbs(f.body)) {
      ctx.error(f.loc) << f.name << " reads an element of '" << cb->name
                       << "' where no read of it precedes: no Tenstorrent lowering yet";
    }
  }
  return out;
}

}  // namespace tltt::passes
