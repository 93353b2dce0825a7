// Which two dimensions of a tensor of rank 3 or more are tiled, chosen by A1 from how the kernel
// accesses it; the other dimensions become outer dimensions (tile-id arithmetic).
#pragma once
#include <cstdint>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Attribute on a tensor parameter whose tiled dimensions are not its last two: the logical
// dimensions in device order (outer dimensions first, then the two tiled ones). The host program
// permutes the tensor into that order before tilizing it, and back after reading it.
inline constexpr const char* kDimOrderAttr = "tt.dim_order";

// For every tensor parameter of rank >= 3 whose accesses (copy regions, element accesses in
// T.Parallel nests) span exactly two dimensions other than its last two, moves those two
// dimensions last: the parameter and every access are rewritten in device order and the
// parameter carries kDimOrderAttr. Each decision is reported as remark `infer-layout.tiled-dims`.
ir::PrimFunc choose_tiled_dims(const ir::PrimFunc& f, PassContext& ctx);

// The logical shape of `b` (its shape before choose_tiled_dims permuted it).
std::vector<int64_t> logical_shape(const ir::Buffer& b);

}  // namespace tltt::passes
