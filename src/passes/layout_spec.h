// Tensor layout annotations: the kernel-language spellings
//   T.annotate_layout({A: {"memory": "L1", "layout": "sharded",
//                          "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})
//   T.annotate_layout({A: T.TTLayout(memory="L1", ...)})   (same keywords)
// and the command-line spelling `--layout A=memory=L1,layout=sharded,axes=0x1,grid=2x2`,
// both parsed into one attribute dictionary and validated (docs/layouts.md).
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ir/device_plan.h"
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Name of the layout constructor accepted in T.annotate_layout (with or without the `T.`).
bool is_tt_layout_call(const ir::Call& call);

// An integer list attribute (or a list of integers, or one integer) as integers, else nullopt.
std::optional<std::vector<int64_t>> as_ints(const ir::AttrValue& v);

// The raw keyword dictionary of a layout constructor call.
ir::Attrs layout_from_call(const ir::Call& call);
// Parses `memory=L1,layout=sharded,axes=0x1,grid=2x2,shard=64x64,halo=32x0,order=row_major`
// (halo, like axes and grid, goes into nd_shard); reports
// syntax errors at `loc` and returns nullopt.
std::optional<ir::Attrs> layout_from_cli(const std::string& spec, const Location& loc,
                                         PassContext& ctx);

// Validates a raw layout for `tensor` and returns its normalised dictionary (defaults filled in,
// nd_shard normalised, a declared halo checked by check_halo); reports errors at `loc` and
// returns nullopt. `body`, the kernel, lets the error for a halo on a tensor that is not
// sharded state the halo width each of its shifted accesses would need.
std::optional<ir::Attrs> normalize_layout(const ir::Buffer& tensor, const ir::Attrs& raw,
                                          const Location& loc, PassContext& ctx,
                                          const ir::Stmt& body = ir::Stmt());

// The `format` key (layout_format.cc): "bfp8_b" / "bfp4_b" (TTNN's bfloat8_b / bfloat4_b are
// accepted too) store the tensor's tiles as block floats. Checks the tensor can be (a float
// tensor of at least two dimensions, interleaved) and sets out["format"] to the canonical name;
// false after an error reported at `loc`.
bool normalize_tile_format(const ir::Buffer& tensor, const ir::Attrs& raw,
                           const std::string& layout, const Location& loc, PassContext& ctx,
                           ir::Attrs& out);
// The tile format of a normalised layout (kPlain without a `format` key).
ir::TileFormat layout_tile_format(const ir::Attrs& layout);
// A block-float tensor's plan entry against what the host program can pack (A1): one device
// (not split over a mesh, no partial sums), a dtype the device stores as is.
void check_tile_format_plan(const ir::TensorPlan& t, const ir::DevicePlan& plan,
                            const Location& loc, PassContext& ctx);
// The tile format of on-chip buffer `buffer`'s CB (C1): that of the tensors it is streamed from
// (`streamed_from`, empty when none), else that of the tensor compute packs it into
// (`packed_to`), else kPlain; nullopt after an error (tensors of different formats meet in it
// without a compute step between them).
std::optional<ir::TileFormat> cb_tile_format(const std::string& buffer,
                                             const std::set<ir::TileFormat>& streamed_from,
                                             std::optional<ir::TileFormat> packed_to,
                                             const Location& loc, PassContext& ctx);

}  // namespace tltt::passes
