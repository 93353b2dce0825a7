// C2: tile statements to protocol-less tt.* operations (no CB protocol yet):
//   copy tensor -> cb        tt.read_tiles(region(tensor[...]), region(cb)) (shifted_reads.h)
//   copy cb -> tensor        tt.write_tiles(region(cb), region(tensor[...])) (row_writes.h)
//   copy cb -> cb            tt.copy_tiles(region(src), region(dst)) (transpose=: a vector twin)
//   copy held[.., c +: w] -> cb, tensor -> held[.., c +: w]   tt.read_local_tiles(held, cb,
//                            c / 32), tt.read_tiles into that region (see local_copies.h)
//   gemm                     tt.matmul(a, b, c, accumulate, transpose_a=, transpose_b=)
//   gemm, transpose_A=True   tt.transpose_tiles(a, a_t); tt.matmul(a_t, b, c, ...): the matrix
//                            engine transposes only its second operand, so every A tile is
//                            transposed through DST into a new [M, K] block CB `a_t`
//   T.Parallel out = x op y  tt.binary(x, y, out, op="add"|"sub"|"mul") (gathers: row_gathers.h)
//   T.fill(C, v) before a gemm  absorbed (see below); other fills were tile fills already (B3)
// `accumulate` comes from structure: false with clear_accum or right after T.clear(C) /
// T.fill(C, v) (absorbed: v != 0 becomes the matmul's `init_value`, the first step starts from
// v), `k != k_min` when that fill precedes the innermost enclosing loop or nothing wrote C
// before, else true (the gemm adds to C's current value, read back from its CB).
// Everything else is rejected with a located error naming the construct.
#include "passes/tile_intrinsics.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/call_names.h"
#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/block_twins.h"
#include "passes/im2col.h"
#include "passes/local_copies.h"
#include "passes/parallel_forms.h"
#include "passes/pass_util.h"
#include "passes/row_gathers.h"
#include "passes/row_writes.h"
#include "passes/sfpu_ops.h"
#include "passes/shifted_reads.h"
#include "passes/tt_attrs.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

std::string shape_text(const std::vector<int64_t>& s) {
  return fmt::format("[{}]", fmt::join(s, ", "));
}

std::vector<int64_t> cb_shape(const Buffer& b) {
  std::vector<int64_t> s;
  for (const auto& d : b->shape) {
    s.push_back(as_const_int(d).value_or(-1));
  }
  while (s.size() > 2 && s.front() == 1) {
    s.erase(s.begin());
  }
  return s;
}

class Lowerer : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  std::set<const BufferNode*> held;  // reader_held
  std::set<const BufferNode*> accumulators;
  std::vector<const For*> loops;
  std::vector<Buffer> new_cbs;  // transposed A blocks, allocated at the top of the function
  struct Absorbed {
    const BufferNode* acc = nullptr;
    double value = 0;
  };
  std::map<const Node*, Absorbed> cleared_before;  // statement -> the fill just before it
  std::set<const BufferNode*> written;             // accumulators some earlier statement wrote

  Stmt visit(const Evaluate* op) override {
    if (const Call* c = op->value.as<Call>(); is_tt_op(c, TtOp::kSfpu)) {
      written.insert(tt::Sfpu::out(c).get());
    } else if (c && c->name == kIm2colCall) {
      return lower_im2col(c, op->loc);  // the reader's gather of a patch block (im2col.h)
    }
    return Mutator::visit(op);
  }

  // B3 leaves a fill of a GEMM accumulator here only right before the gemm (or before the K
  // loop that holds it): that gemm starts from the fill's value instead of reading C back.
  Stmt visit(const SeqStmt* op) override {
    for (size_t i = 0; i + 1 < op->stmts.size(); ++i) {
      const Fill* f = op->stmts[i].as<Fill>();
      if (f && accumulators.count(f->dst.buffer.get())) {
        cleared_before[op->stmts[i + 1].get()] = {f->dst.buffer.get(),
                                                  const_float(f->value).value_or(0)};
      }
    }
    return Mutator::visit(op);
  }

  Stmt visit(const For* op) override {
    if (op->for_kind == ForKind::kParallel) {
      std::optional<Stmt> g = lower_row_gather(op, *ctx);  // rows picked by an index tensor
      return g ? *g : lower_parallel(op);
    }
    loops.push_back(op);
    Stmt s = Mutator::visit(op);
    loops.pop_back();
    return s;
  }

  Stmt visit(const Copy* op) override {
    const Region& src = op->src;
    const Region& dst = op->dst;
    bool sg = src.buffer->scope == MemScope::kGlobal, dg = dst.buffer->scope == MemScope::kGlobal;
    if (sg && dg) {
      return unsupported(op->loc, "T.copy between two tensors (stage it through T.alloc_shared)");
    }
    if (!sg && src.buffer->scope != MemScope::kCB) {
      return not_cb(src.buffer, op->loc);
    }
    if (!dg && dst.buffer->scope != MemScope::kCB) {
      return not_cb(dst.buffer, op->loc);
    }
    written.insert(dst.buffer.get());
    if (sg || dg) {
      const Region& tensor = sg ? src : dst;
      const Region& block = sg ? dst : src;
      // A padded block's own rows, or its first rows (a vector's first elements):
      if (dg && row_prefix(src, dst) && is_row_write(dst, cb_shape(src.buffer)[0])) {
        return lower_row_write(dst, src.buffer, *ctx, op->loc);
      } else if (!region_is_full(block)) {
        // A load into tile columns of a block the reader keeps: the read's CB is that region.
        if (sg && held_load(held, src, dst)) {
          return tt_call_stmt(TtOp::kReadTiles,
                              {RegionRef::make(src, op->loc), RegionRef::make(dst, op->loc)}, {},
                              op->loc);
        }
        return unsupported(op->loc, "T.copy of part of an on-chip buffer");
      }
      if (sg && is_shifted_load(src)) {  // a stencil's window off the tile grid: a gather
        return lower_shifted_load(src, dst.buffer, *ctx, op->loc);
      }
      if (!check_tensor_region(tensor, block.buffer, op->loc)) {
        return op;
      }
      if (sg) {
        return tt_call_stmt(TtOp::kReadTiles,
                            {RegionRef::make(src, op->loc), buffer_ref(dst.buffer, op->loc)}, {},
                            op->loc);
      }
      return tt_call_stmt(TtOp::kWriteTiles,
                          {buffer_ref(src.buffer, op->loc), RegionRef::make(dst, op->loc)}, {},
                          op->loc);
    }
    if (std::optional<Expr> col = held_columns(held, src, dst)) {
      return tt_call_stmt(TtOp::kReadLocalTiles,
                          {buffer_ref(src.buffer, op->loc), buffer_ref(dst.buffer, op->loc), *col},
                          {}, op->loc);
    }
    bool transpose = transposed_vectors(src.buffer, dst.buffer) ||   // a vector's twin (A1)
                     op->attrs.get_bool(kTransposeCopyAttr, false);  // a block read transposed
    if (!region_is_full(src) || !region_is_full(dst) ||
        (transpose ? !transposed_grids(src.buffer, dst.buffer)
                   : cb_shape(src.buffer) != cb_shape(dst.buffer))) {
      return unsupported(op->loc,
                         "T.copy between on-chip buffers of different shapes or of parts of them");
    }
    return tt_call_stmt(TtOp::kCopyTiles,
                        {buffer_ref(src.buffer, op->loc), buffer_ref(dst.buffer, op->loc)},
                        transpose ? Attrs{}.with("transpose", true) : Attrs{}, op->loc);
  }

  Stmt visit(const Gemm* op) override {
    for (const Region* r : {&op->a, &op->b, &op->c}) {
      if (r->buffer->scope != MemScope::kCB) {
        return not_cb(r->buffer, op->loc);
      }
      if (!region_is_full(*r)) {
        return unsupported(op->loc, "T.gemm on part of an on-chip buffer");
      }
    }
    auto a = cb_shape(op->a.buffer), b = cb_shape(op->b.buffer), c = cb_shape(op->c.buffer);
    int64_t m = op->transpose_a ? a[1] : a[0], k = op->transpose_a ? a[0] : a[1];
    int64_t kb = op->transpose_b ? b[1] : b[0], n = op->transpose_b ? b[0] : b[1];
    if (k != kb || c[0] != m || c[1] != n) {
      ctx->error(op->loc) << fmt::format("T.gemm operand shapes do not match: A {}{}, B {}{}, C {}",
                                         shape_text(a), op->transpose_a ? " (transposed)" : "",
                                         shape_text(b), op->transpose_b ? " (transposed)" : "",
                                         shape_text(c));
      return op;
    }
    // T.gemm accumulates into C unless clear_accum; after an absorbed fill it starts from the
    // fill's value (on the first step of the loop the fill precedes).
    Expr acc = BoolImm::make(!op->clear_accum, op->loc);
    auto cleared = [&](const Node* s) -> const Absorbed* {
      auto it = cleared_before.find(s);
      return it != cleared_before.end() && it->second.acc == op->c.buffer.get() ? &it->second
                                                                                : nullptr;
    };
    // An accumulator nothing wrote before this gemm starts from zero too (never read garbage
    // from a CB that was never filled).
    bool k_loop = !loops.empty() && loops.back()->for_kind != ForKind::kPersistent;
    bool fresh = !written.count(op->c.buffer.get());
    const Absorbed* fill = cleared(op);
    if (!fill && k_loop) {
      fill = cleared(loops.back());
    }
    if (!op->clear_accum && (fill || fresh)) {
      acc = k_loop && (!fill || fill != cleared(op))
                ? cmp(CompareOp::kNE, loops.back()->var, loops.back()->min)
                : Expr(BoolImm::make(false, op->loc));
    }
    written.insert(op->c.buffer.get());
    Attrs attrs;
    attrs.set("transpose_a", false);
    attrs.set("transpose_b", op->transpose_b);
    if (fill && fill->value != 0.0 && !op->clear_accum) {
      attrs.set("init_value", fill->value);
    }
    remark_gemm(op, acc, fill);
    Expr a_ref = buffer_ref(op->a.buffer, op->loc);
    if (!op->transpose_a) {
      return tt_call_stmt(
          TtOp::kMatmul,
          {a_ref, buffer_ref(op->b.buffer, op->loc), buffer_ref(op->c.buffer, op->loc), acc}, attrs,
          op->loc);
    }
    // A^T through DST: a [M, K] block CB in A's format, one block deep (produced and consumed
    // by the compute kernel within one K step).
    const Buffer& src = op->a.buffer;
    std::vector<int64_t> tiles = {m / kTile, k / kTile};
    Attrs cb_attrs;
    cb_attrs.set(keys::kCbFormat, src->attrs.get_string(keys::kCbFormat, ""));
    cb_attrs.set(keys::kCbPageSize, src->attrs.get_int(keys::kCbPageSize, tile_bytes(src->dtype)));
    cb_attrs.set(keys::kCbNumPages, tiles[0] * tiles[1]);
    cb_attrs.set("tiles", tiles);
    Buffer at = Buffer::make(src->name + "_t", src->dtype, {cint(m, op->loc), cint(k, op->loc)},
                             MemScope::kCB, cb_attrs, op->loc);
    new_cbs.push_back(at);
    return seq({tt_call_stmt(TtOp::kTransposeTiles, {a_ref, buffer_ref(at, op->loc)}, {}, op->loc),
                tt_call_stmt(TtOp::kMatmul,
                             {buffer_ref(at, op->loc), buffer_ref(op->b.buffer, op->loc),
                              buffer_ref(op->c.buffer, op->loc), acc},
                             attrs, op->loc)},
               op->loc);
  }

  // Why the matmul accumulates as it does (the structural cases of `acc` above).
  void remark_gemm(const Gemm* op, const Expr& acc, const Absorbed* fill) {
    double start = fill && !op->clear_accum ? fill->value : 0.0;
    std::string why = op->clear_accum ? "clear_accum"
                      : fill          ? "the T.clear/T.fill before it is absorbed"
                                      : "nothing wrote it before";
    std::string how;
    if (const BoolImm* fixed = acc.as<BoolImm>()) {
      how = fixed->value ? "adds to its current value (read back from its CB)"
                         : fmt::format("starts from {} ({})", start, why);
    } else {
      how = fmt::format(
          "starts from {} on the first step of the K loop ({}) and accumulates "
          "from the second on",
          start, why);
    }
    ctx->remark(op->loc, "gemm") << fmt::format(
        "T.gemm becomes tt.matmul into '{}', which {}{}", op->c.buffer->name, how,
        op->transpose_a ? fmt::format("; A is transposed tile by tile through DST into a new CB "
                                      "'{}_t' (the matrix engine transposes only its second "
                                      "operand)",
                                      op->a.buffer->name)
                        : "");
  }

  Stmt visit(const Fill* op) override {
    if (accumulators.count(op->dst.buffer.get()) && const_float(op->value)) {
      return SeqStmt::make({}, op->loc);  // absorbed by the gemm after it
    }
    return unsupported(op->loc, "T.fill of a buffer that is not an on-chip block");
  }

  Stmt visit(const BufferStore* op) override {
    return unsupported(op->loc, fmt::format("element store to '{}' outside a whole-tile "
                                            "T.Parallel element-wise loop",
                                            op->buffer->name));
  }
  Stmt visit(const Reduce* op) override { return unsupported(op->loc, "T.reduce"); }
  Stmt visit(const AtomicAdd* op) override { return unsupported(op->loc, "T.atomic_add"); }
  Stmt visit(const AnnotateLayout* op) override {
    return unsupported(op->loc, "T.annotate_layout on on-chip buffers");
  }

 private:
  Stmt unsupported(const Location& loc, const std::string& what) {
    ctx->error(loc) << what << " is not supported by the Tenstorrent lowering";
    return SeqStmt::make({}, loc);
  }
  Stmt not_cb(const Buffer& b, const Location& loc) {
    ctx->error(loc) << "buffer '" << b->name << "' (" << mem_scope_name(b->scope)
                    << ") is used in a tile operation but is not a circular buffer";
    return SeqStmt::make({}, loc);
  }

  // A tensor region moved by whole tiles: extents match the block, origins tile-aligned.
  bool check_tensor_region(const Region& r, const Buffer& block, const Location& loc) {
    std::vector<int64_t> ext;
    size_t rank = r.ranges.size();
    for (size_t d = 0; d < rank; ++d) {
      auto e = const_value(r.ranges[d].extent);
      if (!e) {
        ctx->error(loc) << "region of '" << r.buffer->name << "' has a non-constant extent";
        return false;
      }
      if (d + 2 < rank && *e != 1) {
        ctx->error(loc) << "region of '" << r.buffer->name
                        << "' spans more than the last two dimensions";
        return false;
      }
      if (d + 2 >= rank) {
        ext.push_back(*e);
      }
    }
    if (ext != cb_shape(block)) {
      ctx->error(loc) << fmt::format("region of '{}' has extents {} but '{}' is {}", r.buffer->name,
                                     shape_text(ext), block->name, shape_text(cb_shape(block)));
      return false;
    }
    return check_tile_origin(r, *ctx, loc);
  }

  Stmt lower_parallel(const For* op) {
    std::vector<const For*> nest = parallel_nest(op);
    const BufferStore* store = nest.back()->body.as<BufferStore>();
    // Float casts are format conversions the unpacker (CB -> DST) and the packer (DST -> CB)
    // perform anyway.
    Expr value = store ? strip_float_casts(store->value) : Expr();
    const Binary* bin = value.defined() ? value.as<Binary>() : nullptr;
    Expr xa = bin ? strip_float_casts(bin->a) : Expr(),
         yb = bin ? strip_float_casts(bin->b) : Expr();
    const BufferLoad* x = bin ? xa.as<BufferLoad>() : nullptr;
    const BufferLoad* y = bin ? yb.as<BufferLoad>() : nullptr;
    auto whole_tile_access = [&](const Buffer& b, const std::vector<Expr>& idx) {
      if (b->scope != MemScope::kCB || idx.size() != nest.size() || b.rank() != nest.size()) {
        return false;
      }
      for (size_t d = 0; d < idx.size(); ++d) {
        auto mn = const_value(nest[d]->min), ext = const_value(nest[d]->extent);
        if (idx[d].get() != nest[d]->var.get() || !mn || *mn != 0 || !ext ||
            *ext != as_const_int(b->shape[d]).value_or(-1)) {
          return false;
        }
      }
      return true;
    };
    const char* name = !bin                        ? nullptr
                       : bin->op == BinaryOp::kAdd ? "add"
                       : bin->op == BinaryOp::kSub ? "sub"
                       : bin->op == BinaryOp::kMul ? "mul"
                                                   : nullptr;
    if (!name || !x || !y || !whole_tile_access(store->buffer, store->indices) ||
        !whole_tile_access(x->buffer, x->indices) || !whole_tile_access(y->buffer, y->indices)) {
      if (std::optional<ParallelForm> form = unsupported_parallel_form(op)) {
        return unsupported(form->loc, form->what);  // the construct that stops the nest
      }
      return unsupported(op->loc,
                         "this T.Parallel loop (supported: `out[i, j] = a[i, j] (+|-|*) b[i, j]` "
                         "over whole on-chip blocks or over tensor blocks)");
    }
    Attrs attrs;
    attrs.set("op", name);
    return tt_call_stmt(TtOp::kBinary,
                        {buffer_ref(x->buffer, op->loc), buffer_ref(y->buffer, op->loc),
                         buffer_ref(store->buffer, op->loc)},
                        attrs, op->loc);
  }
};

}  // namespace

Module tile_intrinsics(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    Lowerer l;
    l.ctx = &ctx;
    l.held = reader_held(f.body);
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kGemm) {
        const Gemm* g = static_cast<const Gemm*>(n);
        l.accumulators.insert(g->c.buffer.get());
      }
    });
    f = l.mutate(f);
    for (auto it = l.new_cbs.rbegin(); it != l.new_cbs.rend(); ++it) {
      f.body = Allocate::make(*it, f.body, (*it)->loc);
    }
  }
  return out;
}

}  // namespace tltt::passes
