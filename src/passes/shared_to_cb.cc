// C1: on-chip buffers that take part in tile dataflow become circular buffers, by identity.
//  * Direct element-wise loops over tensors (`C[by*bM + i, ...] = A[...] + B[...]` under
//    T.Parallel) are first staged: each tensor operand gets a new on-chip block copied in, the
//    result a new block copied out.
//  * A CB page is one 32x32 tile of the buffer's format; depth = the enclosing T.Pipelined's
//    num_stages (default 2) for streamed inputs, 2 for outputs, 1 for GEMM accumulators, or
//    the depth an earlier pass set on the buffer (keys::kCbDepth, kCbOutDepth).
//  * A GEMM accumulator, or a block that compute also reads, copied to a tensor gets its own
//    output CB in the tensor's format: the writer drains that one, compute keeps the block's
//    (the accumulator CB is then only used for partial spills).
//  * A block loaded from a tensor that compute then writes (an in-place update such as
//    `a_s[i, j] = a_s[i, j] * 2`) gets a compute-owned twin `<name>_c`: every load is followed
//    by an on-chip copy into the twin and all other uses move to it, so each CB has one producer
//    (the reader, or compute).
// The staging and the twins are in shared_to_cb_prepare.cc.
#include "passes/shared_to_cb.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/call_names.h"
#include "ir/equality.h"
#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/layout_spec.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/shared_to_cb_prepare.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

struct BufferUse {
  bool streamed_in = false;   // destination of a copy from a tensor
  bool to_tensor = false;     // source of a copy to a tensor
  bool accumulator = false;   // gemm C
  bool compute = false;       // gemm operand, element-wise operand/result, fill, on-chip copy
  bool compute_read = false;  // read by a compute op (then a copy to a tensor needs its own CB)
  bool op_read = false;       // read by a fused tile op or reduction (B3)
  bool updated = false;       // an element-wise store writes it from its own value (C2's binary)
  bool gemm = false;          // a gemm operand or accumulator
  bool reduced = false;       // read by a reduction (B3's tt.reduce)
  int64_t stages = 0;         // num_stages of the pipelined loop it is streamed in
  DataType tensor_dtype;      // the tensor it is copied to
  // The tile formats of the tensors it is streamed from and copied to (A1's `format`): a CB
  // holds the tensor's block-float tiles, which the unpacker and packer convert.
  std::set<TileFormat> in_formats;
  TileFormat out_format = TileFormat::kPlain;
  Location first_use;
};

class UseScan : public Visitor {
 public:
  using Visitor::visit;
  std::map<const BufferNode*, BufferUse> uses;
  std::vector<const For*> loops;
  const DevicePlan* plan = nullptr;

  TileFormat format_of(const Buffer& tensor) const {
    const TensorPlan* t = plan ? plan->find_tensor(tensor->name) : nullptr;
    return t ? t->tile_format : TileFormat::kPlain;
  }

  void visit(const For* op) override {
    loops.push_back(op);
    Visitor::visit(op);
    loops.pop_back();
  }
  void visit(const Copy* op) override {
    bool src_global = op->src.buffer->scope == MemScope::kGlobal;
    bool dst_global = op->dst.buffer->scope == MemScope::kGlobal;
    if (src_global && !dst_global) {
      auto& u = use(op->dst.buffer, op->loc);
      u.streamed_in = true;
      u.in_formats.insert(format_of(op->src.buffer));
      for (auto it = loops.rbegin(); it != loops.rend(); ++it) {
        if ((*it)->for_kind == ForKind::kPipelined) {
          u.stages = std::max(u.stages, (*it)->num_stages);
          break;
        }
      }
    } else if (!src_global && dst_global) {
      auto& u = use(op->src.buffer, op->loc);
      u.to_tensor = true;
      u.tensor_dtype = op->dst.buffer->dtype;
      u.out_format = format_of(op->dst.buffer);
    } else if (!src_global && !dst_global) {
      use(op->src.buffer, op->loc).compute = true;
      use(op->src.buffer, op->loc).compute_read = true;
      use(op->dst.buffer, op->loc).compute = true;
    }
    Visitor::visit(op);
  }
  void visit(const Gemm* op) override {
    for (const Buffer& b : {op->a.buffer, op->b.buffer}) {
      use(b, op->loc).compute = true;
      use(b, op->loc).compute_read = true;
      use(b, op->loc).gemm = true;
    }
    auto& c = use(op->c.buffer, op->loc);
    c.compute = true;
    c.gemm = true;
    c.accumulator = true;
    Visitor::visit(op);
  }
  void visit(const Fill* op) override {
    use(op->dst.buffer, op->loc).compute = true;
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    if (op->buffer->scope != MemScope::kGlobal) {
      auto& u = use(op->buffer, op->loc);
      u.compute = true;
      const BufferNode* self = op->buffer.get();
      post_order_visit(Evaluate::make(op->value, op->loc), [&](const Node* n) {
        if (n->kind == NodeKind::kBufferLoad &&
            static_cast<const BufferLoad*>(n)->buffer.get() == self) {
          u.updated = true;
        }
      });
    }
    Visitor::visit(op);
  }
  void visit(const RegionRef* op) override {
    // Operands of fused tile ops (tt.sfpu, B3).
    if (op->region.buffer->scope != MemScope::kGlobal) {
      use(op->region.buffer, op->loc).compute = true;
    }
    Visitor::visit(op);
  }
  // A branch on a staged tensor element (A1, D3a): compute reads its value, not its tile.
  void visit(const IfThenElse* op) override {
    post_order_visit(Evaluate::make(op->cond, op->loc), [&](const Node* n) {
      const auto* ld =
          n->kind == NodeKind::kBufferLoad ? static_cast<const BufferLoad*>(n) : nullptr;
      if (ld && ld->buffer->scope != MemScope::kGlobal) {
        use(ld->buffer, op->loc).compute_read = true;
      }
    });
    visit(op->then_case);
    if (op->else_case.defined()) {
      visit(op->else_case);
    }
  }
  void visit(const BufferLoad* op) override {
    if (op->buffer->scope != MemScope::kGlobal) {
      use(op->buffer, op->loc).compute = true;
      use(op->buffer, op->loc).compute_read = true;
    }
    Visitor::visit(op);
  }
  void visit(const Evaluate* op) override {
    // T.im2col: the reader fills the block from a tensor, like a T.copy into it.
    if (const Call* c = op->value.as<Call>(); c && c->name == kIm2colCall) {
      auto& u = use(c->args[1].as<RegionRef>()->region.buffer, op->loc);
      u.streamed_in = true;
      for (auto it = loops.rbegin(); it != loops.rend(); ++it) {
        if ((*it)->for_kind == ForKind::kPipelined) {
          u.stages = std::max(u.stages, (*it)->num_stages);
          break;
        }
      }
      return;
    }
    // Fused tile ops and reductions of B3.
    if (const Call* c = op->value.as<Call>(); c && is_compute_op(c)) {
      for (const Buffer& b : compute_reads(c)) {
        use(b, op->loc).compute_read = true;
        use(b, op->loc).op_read = true;
        use(b, op->loc).reduced |= is_tt_op(c, TtOp::kReduce);
      }
    }
    Visitor::visit(op);
  }

 private:
  BufferUse& use(const Buffer& b, const Location& loc) {
    auto& u = uses[b.get()];
    if (!u.first_use.known()) {
      u.first_use = loc;
    }
    return u;
  }
};

class CbRewriter : public BufferSubstituter {
 public:
  using BufferSubstituter::visit;
  std::map<const BufferNode*, Buffer> out_cbs;  // accumulator -> its output CB

  Stmt visit(const Allocate* op) override {
    Stmt s = BufferSubstituter::visit(op);
    auto it = out_cbs.find(op->buffer.get());
    if (it == out_cbs.end()) {
      return s;
    }
    const Allocate* a = s.as<Allocate>();
    return Allocate::make(a->buffer, Allocate::make(it->second, a->body, op->loc), op->loc);
  }
  Stmt visit(const Copy* op) override {
    auto it = out_cbs.find(op->src.buffer.get());
    if (it == out_cbs.end() || op->dst.buffer->scope != MemScope::kGlobal) {
      return BufferSubstituter::visit(op);
    }
    // The whole block moves to the output CB; the store takes the source's part of it (a
    // vector's first rows).
    Region acc = Region::full(mutate_buffer(op->src.buffer), op->loc);
    Region out = mutate_region(op->src);
    out.buffer = it->second;
    return SeqStmt::make({Copy::make(acc, Region::full(it->second, op->loc), op->attrs, op->loc),
                          Copy::make(out, mutate_region(op->dst), op->attrs, op->loc)},
                         op->loc);
  }
};

// CBs live as long as the program: their allocations move to the top of the function, so the
// compute kernel's start-up code can name them.
class HoistCbs : public Mutator {
 public:
  using Mutator::visit;
  std::vector<Buffer> cbs;
  Stmt visit(const Allocate* op) override {
    if (op->buffer->scope != MemScope::kCB) {
      return Mutator::visit(op);
    }
    cbs.push_back(op->buffer);
    return mutate(op->body);
  }
};

}  // namespace

Module shared_to_cb(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    f = stage_direct_eltwise(f);
    f = twin_loaded_blocks(f);
    UseScan scan;
    scan.plan = &out.plan;
    scan.visit(f.body);
    std::vector<const Allocate*> allocs;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kAllocate) {
        allocs.push_back(static_cast<const Allocate*>(n));
      }
    });
    std::reverse(allocs.begin(), allocs.end());  // outermost (first in the source) first
    CbRewriter rewriter;
    for (const Allocate* a : allocs) {
      const Buffer& b = a->buffer;
      auto it = scan.uses.find(b.get());
      if (it == scan.uses.end() || b->scope == MemScope::kCB) {
        continue;
      }
      const BufferUse& u = it->second;
      bool shape_ok = b.rank() >= 2;
      for (size_t d = 0; shape_ok && d < b.rank(); ++d) {
        auto v = as_const_int(b->shape[d]);
        shape_ok = v && (d + 2 < b.rank() ? *v == 1 : *v % kTile == 0);
      }
      if (!shape_ok) {
        std::string shape;
        for (size_t d = 0; d < b->shape.size(); ++d) {
          shape += (d ? ", " : "") + print(b->shape[d]);
        }
        ctx.error(a->loc).note(u.first_use, "used in tile dataflow here") << fmt::format(
            "buffer '{}' of shape [{}] cannot become a circular buffer: blocks must be "
            "2-D with both extents multiples of 32 (whole 32x32 tiles)",
            b->name, shape);
        continue;
      }
      if (u.compute && (b->dtype.is_bool() || (b->dtype.is_integer() && b->dtype.bits() != 32))) {
        ctx.error(u.first_use) << fmt::format(
            "on-chip buffer '{}' ({}, first used here) takes part in compute: the SFPU's "
            "integer ops run on 32-bit integers (int32, uint32) in DST; {} blocks ({} tiles) "
            "can be copied through on-chip blocks only (docs/formats.md)",
            b->name, b->dtype.str(), b->dtype.str(), data_format(b->dtype).value_or("no"));
        continue;
      }
      if (b->dtype.is_integer() && (u.gemm || u.reduced)) {
        // Element-wise integer compute runs on the SFPU's integer ops (B3, D5); these do not.
        ctx.error(u.first_use) << fmt::format(
            "on-chip buffer '{}' ({}, first used here) {}; integer blocks compute element-wise "
            "only (SFPU integer ops and T.Cast conversions, docs/formats.md)",
            b->name, b->dtype.str(),
            u.gemm ? "is a GEMM operand: the matrix engine multiplies int8 into int32 DST, "
                     "which the simulator does not model, so integer GEMMs have no lowering"
                   : "is reduced: reduce_tile runs on the FPU, which reduces float tiles only, "
                     "and the SDK has no integer reduction");
        continue;
      }
      // Compute results copied to a tensor are packed straight into the tensor's format.
      DataType fmt_type = b->dtype;
      bool own_out = u.to_tensor && !u.streamed_in && (u.accumulator || u.compute_read);
      if (u.to_tensor && !u.streamed_in && !own_out) {
        fmt_type = u.tensor_dtype;
      } else if (u.to_tensor && u.streamed_in && u.tensor_dtype != b->dtype) {
        ctx.error(a->loc) << "buffer '" << b->name << "' is copied between tensors of different "
                          << "dtypes without a compute step to convert them";
        continue;
      }
      auto format = data_format(fmt_type);
      if (!format) {
        ctx.error(a->loc) << "buffer '" << b->name << "' has dtype " << fmt_type.str()
                          << ", which has no Tenstorrent tile format";
        continue;
      }
      // Block-float tiles (A1's `format`): a CB the reader fills from such a tensor holds its
      // tiles as they are, one the writer drains into one is packed in its format.
      auto tiles_of = cb_tile_format(
          b->name, u.in_formats,
          u.to_tensor && (u.streamed_in || !own_out) ? std::optional(u.out_format) : std::nullopt,
          u.first_use, ctx);
      if (!tiles_of) {
        continue;
      }
      int64_t page = tile_bytes(fmt_type);
      if (*tiles_of != TileFormat::kPlain) {
        format = tile_format_info(*tiles_of).data_format;
        page = tile_format_info(*tiles_of).tile_bytes;
      }
      int64_t tiles = buffer_tiles(b);
      // An accumulator read back by compute (an epilogue updates it in place, by a fused tile op
      // or C2's `acc = acc + x`) needs room for two: the new value is pushed behind the old one.
      bool one_copy = u.accumulator && !u.op_read && !u.updated;
      int64_t depth = b->attrs.get_int(
          keys::kCbDepth, one_copy ? 1 : (u.streamed_in ? std::max<int64_t>(2, u.stages) : 2));
      ctx.remark(a->loc, "cb-depth") << fmt::format(
          "buffer '{}' becomes a CB of {} pages of {} bytes ({} {} tiles x depth {}): {}", b->name,
          tiles * depth, page, tiles, *format, depth,
          b->attrs.has(keys::kCbDepth) ? "the depth stream-rows chose to keep the row block in L1"
          : one_copy                   ? "a GEMM accumulator that compute never reads back "
                                         "needs one copy"
          : u.accumulator && !u.streamed_in
              ? std::string(u.updated ? "a GEMM accumulator an element-wise step updates in "
                                        "place: the new value is pushed behind the old one"
                                      : "a GEMM accumulator a tile op reads back, which may "
                                        "update it in place (new value behind the old one)")
          : u.streamed_in
              ? (u.stages > 2
                     ? fmt::format("streamed in a T.Pipelined loop with num_stages={}", u.stages)
                     : std::string("streamed from a tensor, double-buffered so the "
                                   "reader fills one copy while compute uses the other"))
              : std::string("double-buffered so producer and consumer overlap"));
      Attrs attrs = b->attrs;
      attrs.erase(keys::kCbDepth);
      attrs.erase(keys::kCbOutDepth);
      attrs.set(keys::kCbFormat, *format);
      attrs.set(keys::kCbPageSize, page);
      attrs.set(keys::kCbNumPages, tiles * depth);
      attrs.set("tiles", tile_grid(b));
      Buffer cb = Buffer::make(b->name, fmt_type, b->shape, MemScope::kCB, attrs, b->loc);
      rewriter.map[b.get()] = cb;
      if (own_out) {
        DataType t = u.tensor_dtype;
        Attrs oa;
        const bool bf = u.out_format != TileFormat::kPlain;
        oa.set(keys::kCbFormat,
               bf ? std::string(tile_format_info(u.out_format).data_format) : *data_format(t));
        oa.set(keys::kCbPageSize, bf ? tile_format_info(u.out_format).tile_bytes : tile_bytes(t));
        oa.set(keys::kCbNumPages, tiles * b->attrs.get_int(keys::kCbOutDepth, 2));
        oa.set("tiles", tile_grid(b));
        Buffer out_cb = Buffer::make(b->name + "_out", t, b->shape, MemScope::kCB, oa, b->loc);
        rewriter.out_cbs[b.get()] = out_cb;
      }
    }
    if (ctx.failed()) {
      continue;
    }
    f = rewriter.mutate(f);
    HoistCbs hoist;
    f = hoist.mutate(f);
    for (auto it = hoist.cbs.rbegin(); it != hoist.cbs.rend(); ++it) {
      f.body = Allocate::make(*it, f.body, (*it)->loc);
    }
  }
  return out;
}

}  // namespace tltt::passes
