// Tensor layout annotations: the kernel-language spellings
//   T.annotate_layout({A: {"memory": "L1", "layout": "sharded",
//                          "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})
//   T.annotate_layout({A: T.TTLayout(memory="L1", ...)})   (same keywords)
// and the command-line spelling `--layout A=memory=L1,layout=sharded,axes=0x1,grid=2x2`,
// both parsed into one attribute dictionary and validated (docs/layouts.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

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

}  // namespace tltt::passes
