// T.im2col through A1 (checks), C2 (tt.read_im2col) and D3 (the reader's gather); see im2col.h.
// The image stays an ordinary tiled tensor (tiled on W and C, pages (n, y) row by row), so the
// GEMM that consumes the patch block runs unchanged: the reader builds the block's tiles itself.
// Each 16-element face row of a patch tile is one run of 16 channels of one pixel, which is a
// face row of one image tile (the channels are a multiple of 16, the run never straddles a
// (kh, kw) step), so it moves with one noc_async_read; rows in the padding are zero-filled.
#include "passes/im2col.h"

#include <fmt/format.h>

#include "ir/im2col.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

const char* const kGeometryAttrs[] = {"kernel",  "stride",  "dilation", "pad",
                                      "image_n", "image_h", "image_w",  "image_c"};

}  // namespace

bool check_im2col(const PrimFunc& f, PassContext& ctx) {
  bool ok = true;
  post_order_visit(f.body, [&](const Node* n) {
    const Call* c = n->kind == NodeKind::kCall ? static_cast<const Call*>(n) : nullptr;
    if (!c || c->name != kIm2colCall) {
      return;
    }
    auto fail = [&](const std::string& why) {
      ctx.error(c->loc) << "'T.im2col' " << why;
      ok = false;
    };
    std::optional<Im2colGeometry> g = im2col_geometry(*c);
    if (!g) {
      return fail(
          "needs a rank-4 NHWC image of constant shape and a kernel, stride and dilation "
          "of at least 1 that leave an output of at least one pixel");
    }
    const Buffer& img = c->args[0].as<RegionRef>()->region.buffer;
    const Buffer& col = c->args[1].as<RegionRef>()->region.buffer;
    if (img->scope != MemScope::kGlobal) {
      return fail("reads an image that is not a tensor parameter ('" + img->name + "')");
    }
    if (col->scope != MemScope::kShared || col.rank() != 2) {
      return fail("writes '" + col->name + "', which is not a 2-D T.alloc_shared block");
    }
    auto bm = as_const_int(col->shape[0]), bk = as_const_int(col->shape[1]);
    if (!bm || !bk || *bm % kTile != 0 || *bk % kTile != 0) {
      return fail(
          fmt::format("block '{}' must be whole 32x32 tiles (block_M and block_K "
                      "multiples of 32)",
                      col->name));
    }
    if (img->dtype != col->dtype || !img->dtype.is_float() ||
        (img->dtype.bytes() != 2 && img->dtype.bytes() != 4)) {
      return fail(
          fmt::format("gathers tiles as they are: image '{}' ({}) and block '{}' ({}) "
                      "must share a 2- or 4-byte float dtype",
                      img->name, img->dtype.str(), col->name, col->dtype.str()));
    }
    if (g->c % 16 != 0) {
      return fail(
          fmt::format("moves runs of 16 channels (a face row of a tile): image '{}' has "
                      "{} channels, not a multiple of 16 (pad the channels with zeros)",
                      img->name, g->c));
    }
  });
  return ok;
}

Stmt lower_im2col(const Call* c, Location loc) {
  Attrs attrs;
  for (const char* k : kGeometryAttrs) {
    attrs.set(k, c->attrs.get_int(k, 0));
  }
  return tt_call_stmt(
      TtOp::kReadIm2col,
      {RegionRef::make(c->args[0].as<RegionRef>()->region, loc),
       buffer_ref(c->args[1].as<RegionRef>()->region.buffer, loc), c->args[2], c->args[3]},
      attrs, loc);
}

Stmt expand_im2col(const Call* c, PassContext& ctx, Location loc) {
  const Region& src = *tt::ReadIm2col::src(c);
  Buffer cb = tt::ReadIm2col::cb(c);
  Expr accessor = tt::ReadIm2col::accessor(c);
  TILE_ASSERT(accessor.defined()) << "D2 binds the image to an accessor";
  auto geom = [&](const char* k) { return c->attrs.get_int(k, 0); };
  const Buffer& img = src.buffer;
  // Tiles of W and C on the device (the host pads the tiled dimensions to whole tiles).
  auto tiles = [&](size_t d) {
    return (as_const_int(img->shape[d]).value_or(0) + kTile - 1) / kTile;
  };
  std::vector<int64_t> grid = {img.rank() == 4 ? tiles(2) : 0, img.rank() == 4 ? tiles(3) : 0};
  auto bm = *as_const_int(cb->shape[cb.rank() - 2]), bk = *as_const_int(cb->shape[cb.rank() - 1]);
  int64_t n = (bm / kTile) * (bk / kTile);
  int64_t elem = tile_bytes(cb->dtype) / (kTile * kTile);
  // The image's pages are (n, y) outer, then W and C tiled: the gather's page arithmetic.
  auto dim = [&](size_t d) { return as_const_int(img->shape[d]).value_or(-1); };
  TILE_ASSERT(img.rank() == 4 && dim(0) == geom("image_n") && dim(1) == geom("image_h") &&
              grid[0] * kTile >= geom("image_w") && grid[1] * kTile >= geom("image_c"))
      << "A1 keeps an im2col image in NHWC order, tiled on W and C";
  ctx.remark(loc, "im2col") << fmt::format(
      "gathers a {}x{} block of the patch matrix of '{}' ({}x{} window, stride {}, dilation {}, "
      "pad {}) into CB '{}': one noc_async_read of {} bytes (a face row: 16 channels of one "
      "pixel) per 16 columns of a row, zeros in the padding, one barrier, {}",
      bm, bk, img->name, geom("kernel"), geom("kernel"), geom("stride"), geom("dilation"),
      geom("pad"), cb->name, 16 * elem, tt_op_name(TtOp::kCbPushBack));
  std::vector<Expr> args = {accessor, mul(tt::ReadIm2col::row_step(c), cint(bm, loc)),
                            mul(tt::ReadIm2col::col_step(c), cint(bk, loc)), cint(bm, loc),
                            cint(bk, loc)};
  for (const char* k :
       {"image_n", "image_h", "image_w", "image_c", "kernel", "stride", "dilation", "pad"}) {
    args.push_back(cint(geom(k), loc));
  }
  args.push_back(cint(grid[0], loc));
  args.push_back(cint(grid[1], loc));
  args.push_back(cint(elem, loc));
  return gathered_fill(cb, n, TtOp::kIm2colGather, std::move(args), loc);
}

}  // namespace tltt::passes
