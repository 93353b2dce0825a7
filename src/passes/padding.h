// B1's padding half (see work_partition.cc): tensors whose tiled dimensions are not whole tiles,
// or that the last (partial) blocks of the T.Kernel grid reach past, are padded on the device,
// and the padded elements must never reach a result.
#pragma once
#include <optional>
#include <vector>

#include "ir/device_plan.h"
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes::padding {

// Sets the device shape of every tensor parameter in `plan` to its logical shape rounded up to
// whole tiles and to the furthest element any block of `launch` (grid `extents`) accesses, and
// returns `f` with those tensor parameters at their device shapes. Accesses past the end of a
// leading (untiled) dimension or of an L1-sharded tensor get a located error (nullopt).
std::optional<ir::PrimFunc> pad_tensors(const ir::PrimFunc& f, const ir::KernelLaunch* launch,
                                        const std::vector<int64_t>& extents, ir::DevicePlan& plan,
                                        PassContext& ctx);

// Follows the padded elements of the tensors (zeros from the host) through the kernel's on-chip
// buffers to every reduction and GEMM whose result would depend on them (a max over zero
// padding, any reduction or GEMM K loop over padding that computation has made non-zero).
// Before such a reduction of an on-chip block whose padding starts at a known position, it
// puts a T.Parallel nest that sets the padded elements to the identity of the reduction (0,
// or -inf for max), which B3 lowers to a bound mask; the others (T.reduce_min, GEMMs, padding
// from reads at different origins) are located errors. `f` is the function before
// pad_tensors (logical tensor shapes).
ir::PrimFunc mask_padding(const ir::PrimFunc& f, const ir::KernelLaunch* launch,
                          const std::vector<int64_t>& extents, PassContext& ctx);

}  // namespace tltt::passes::padding
