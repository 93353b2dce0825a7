// Helpers shared by the passes that group consecutive blocks into one (B0a reuse-blocks: rows of
// a grid coordinate; B0d widen-key-steps: key blocks of a loop): how a variable selects an axis
// of a region, where that axis lands on chip, the uses of variables in an expression, and the
// on-chip bytes once the grouped buffers grow.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>

#include "ir/ir.h"

namespace tltt::passes {

// The axis of `r` that `v` selects as `v * B +: B`, with B; nullopt when `v` is absent, {-1, 0}
// when it is used in any other way.
std::optional<std::pair<int, int64_t>> strided_axis(const ir::Region& r, const ir::Variable* v);

// The on-chip axis a tensor axis `d` of a copy's region lands on: the non-unit axes before it.
int onchip_axis(const ir::Region& r, int d);

// Calls `fn` on `e` and then on each operand, index and argument under it (parents first),
// through the element-wise expression kinds (binary, compare, logical, select, cast, unary,
// call, buffer load).
void for_each_subexpr(const ir::Expr& e, const std::function<void(const ir::Expr&)>& fn);

// The on-chip bytes of the buffers allocated under `body`, laid out as C1 does (whole 32x32
// tiles; a vector of n values takes n / 32 tiles), those `grown` names taken `g` times.
int64_t grouped_block_bytes(const ir::Stmt& body,
                            const std::function<bool(const ir::BufferNode*)>& grown, int64_t g);

}  // namespace tltt::passes
