// Shifted tensor windows (stencils) through C2 and D3; see shifted_reads.h. Tiles move whole
// everywhere else, but a window one element off a tile straddles up to four tiles, so the
// reader builds the block's tiles itself, 16 elements (one face row) at a time: the face rows
// of the source tiles the window's rows cross are read with noc_async_read (32-byte aligned
// runs of a tile page), and, when the window's columns are not a multiple of 16 off the tiles,
// shifted into place by the RISC-V through a small staging array; rows and columns outside the
// device tensor read as zeros, which is TileLang's masking of T.copy reads past the edge (the
// host pads the device tensor with zeros up to whole tiles).
#include "passes/shifted_reads.h"

#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/index_reads.h"
#include "passes/pass_util.h"
#include "passes/shared_to_cb_prepare.h"
#include "passes/tt_attrs.h"
#include "passes/vector_layout.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

PrimFunc stage_shifted_nests(const PrimFunc& f) {
  auto reads_shifted = [](const For* outer) {
    std::vector<const For*> nest = parallel_nest(outer);
    const BufferStore* store = nest.back()->body.as<BufferStore>();
    if (!store || store->buffer->scope != MemScope::kGlobal) {
      return false;
    }
    bool shifted = false;
    post_order_visit(nest.back()->body, [&](const Node* n) {
      const BufferLoad* l =
          n->kind == NodeKind::kBufferLoad ? static_cast<const BufferLoad*>(n) : nullptr;
      if (!l || l->buffer->scope != MemScope::kGlobal || l->indices.size() < nest.size() ||
          nest.size() < 2) {
        return;
      }
      // The last two indices, `base + v + k` in the nest's last two variables.
      size_t lead = l->indices.size() - 2;
      for (size_t d = 0; d < 2; ++d) {
        auto a = affine_in(l->indices[lead + d], nest[nest.size() - 2 + d]->var.get());
        shifted |= a && a->coef == 1 && !exact_div(simplify(a->rest), kTile).has_value();
      }
    });
    return shifted;
  };
  return stage_direct_eltwise(f, reads_shifted);
}

bool is_shifted_load(const Region& src) {
  size_t rank = src.ranges.size();
  if (rank < 2) {
    return false;
  }
  return !exact_div(src.ranges[rank - 2].min, kTile) || !exact_div(src.ranges[rank - 1].min, kTile);
}

bool check_tile_origin(const Region& r, PassContext& ctx, Location loc) {
  for (size_t d = r.ranges.size() < 2 ? 0 : r.ranges.size() - 2; d < r.ranges.size(); ++d) {
    if (!exact_div(r.ranges[d].min, kTile)) {
      ctx.error(loc) << "origin '" << print(r.ranges[d].min) << "' of the region of '"
                     << r.buffer->name
                     << "' is not provably a multiple of 32 (tiles are written whole; "
                        "windows off the tile grid are lowered for loads only)";
      return false;
    }
  }
  return true;
}

Stmt lower_shifted_load(const Region& src, const Buffer& dst, PassContext& ctx, Location loc) {
  const Buffer& t = src.buffer;
  auto fail = [&](const std::string& why) {
    ctx.error(loc) << fmt::format(
        "T.copy of a window of '{}' starting at [{}, {}], off the 32x32 tile grid: {}", t->name,
        print(src.ranges[src.ranges.size() - 2].min), print(src.ranges.back().min), why);
    return SeqStmt::make({}, loc);
  };
  size_t rank = t.rank();
  for (size_t d = 0; d + 2 < rank; ++d) {
    // Outer dimensions (A1's layouts of any rank) are page offsets: one index each.
    if (const_value(src.ranges[d].extent).value_or(-1) != 1) {
      return fail(fmt::format(
          "the gather reads one index of each outer dimension of '{}' (dimension {} spans '{}'); "
          "copy whole tiles or one index per outer dimension",
          t->name, d, print(src.ranges[d].extent)));
    }
  }
  std::vector<int64_t> ext;
  for (size_t d = rank - 2; d < rank; ++d) {
    ext.push_back(const_value(src.ranges[d].extent).value_or(-1));
  }
  auto bm = as_const_int(dst->shape[dst.rank() - 2]), bn = as_const_int(dst->shape[dst.rank() - 1]);
  // One tensor row (a run of index elements) into a per-column vector: the window's first row
  // is the vector's row 0, its values; the rows under it are whatever the tensor holds there.
  if (ext[0] == 1 && vector_kind(dst) == "row") {
    ext[0] = bm.value_or(-1);
  }
  if (dst.rank() != 2 || !bm || !bn || *bm % kTile != 0 || *bn % kTile != 0 || ext[0] != *bm ||
      ext[1] != *bn) {
    return fail(
        fmt::format("the reader gathers whole 32x32 tiles of block '{}' (a 2-D block "
                    "whose sides are multiples of 32, copied whole)",
                    dst->name));
  }
  int64_t bytes = tile_bytes(t->dtype) / (kTile * kTile);
  if (t->dtype != dst->dtype || (bytes != 2 && bytes != 4)) {
    return fail(fmt::format(
        "the gather moves elements as they are: '{}' ({}) and block '{}' ({}) must share a 2- or "
        "4-byte dtype (convert in a T.Parallel nest after the copy)",
        t->name, t->dtype.str(), dst->name, dst->dtype.str()));
  }
  return tt_call_stmt(TtOp::kReadTiles, {RegionRef::make(src, loc), buffer_ref(dst, loc)},
                      Attrs{}.with("shifted", true), loc);
}

Stmt expand_shifted_load(const Call* c, PassContext& ctx, Location loc) {
  const Region& src = *tt::ReadTiles::src(c);
  Buffer cb = tt::ReadTiles::cb(c);
  Expr accessor = tt::ReadTiles::accessor(c);
  TILE_ASSERT(accessor.defined()) << "D2 binds every moved tensor to an accessor";
  const Buffer& t = src.buffer;
  size_t rank = t.rank();
  auto grid = tile_grid(t);
  Expr page0 = simplify(outer_page(src, loc));
  auto cbg = tile_grid(cb);
  int64_t bm = cbg[0] * kTile, bn = cbg[1] * kTile, n = cbg[0] * cbg[1];
  int64_t elem = tile_bytes(cb->dtype) / (kTile * kTile);
  const Expr& row0 = src.ranges[rank - 2].min;
  const Expr& col0 = src.ranges[rank - 1].min;
  bool cols_aligned = exact_div(col0, 16).has_value();
  ctx.remark(loc, "shifted") << fmt::format(
      "gathers the {}x{} window of '{}' at [{}, {}]{} (off the tile grid) into CB '{}': one "
      "noc_async_read of {} bytes per face row of the tiles it straddles{}, zeros outside the "
      "tensor's {}x{} tiles, one barrier, {}",
      bm, bn, t->name, print(row0), print(col0),
      rank > 2 ? fmt::format(" of the tiles at page {}", print(page0)) : "", cb->name, 16 * elem,
      cols_aligned ? ""
                   : ", each row of a tile shifted into place in L1 by the RISC-V (two "
                     "barriers per tile row: the columns are not a multiple of 16 off the "
                     "tiles)",
      grid[0], grid[1], tt_op_name(TtOp::kCbPushBack));
  std::vector<Expr> args = {accessor,
                            row0,
                            col0,
                            cint(bm, loc),
                            cint(bn, loc),
                            cint(grid[0], loc),
                            cint(grid[1], loc),
                            cint(elem, loc),
                            page0};
  return gathered_fill(cb, n, TtOp::kShiftGather, std::move(args), loc);
}

}  // namespace tltt::passes
