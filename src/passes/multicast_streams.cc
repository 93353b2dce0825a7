// B0e: the cores that stream the same tensor regions laid out along a core row. Attention's K and
// V are the same for every query block of a head; B1's contiguous ranges give each core query
// blocks of one head, so every core reads K and V itself (at s4096, 64 cores read the 16 heads'
// K and V 4 times each at every step). B1's multicast tiling (built for the GEMM) puts the blocks
// of one second coordinate on one core row at every step, and D8 then reads each region once per
// row and multicasts it. The regions' independence of the first coordinate is B0a's row
// analysis (reuse_blocks_analysis.h), which also finds the loops whose trip count depends on it:
// with those (causal attention) the cores of a row would run different key loops, so the tiling
// is not asked for.
#include "passes/multicast_streams.h"

#include <fmt/format.h>

#include <algorithm>

#include "passes/gemm_blocks.h"
#include "passes/gemm_cost.h"
#include "passes/pass_util.h"
#include "passes/reuse_blocks_analysis.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

std::string multicast_tiling_why_not(const std::vector<int64_t>& extents,
                                     const DeviceModel& device) {
  if (extents.size() < 2 ||
      std::any_of(extents.begin(), extents.end(), [](int64_t e) { return e <= 0; }) ||
      std::any_of(extents.begin() + 2, extents.end(), [](int64_t e) { return e != 1; })) {
    return "the grid is not a constant 2-D grid (further coordinates of extent 1 allowed)";
  }
  const int64_t w = extents[0], h = extents[1], blocks = w * h;
  const int64_t cores = std::min<int64_t>(blocks, device.num_cores());
  if (blocks <= cores) {
    return fmt::format("the {}x{} grid fits the core grid one block per core", w, h);
  }
  const int64_t tw = gemm_cost::tiling_side(w, device.grid_x),
                th = gemm_cost::tiling_side(h, device.grid_y);
  if (tw < 2 || tw * th != cores) {
    return fmt::format(
        "a {}x{} core rectangle laid out as the {}x{} grid would use {} of the {} cores the "
        "contiguous ranges use",
        tw, th, w, h, tw * th, cores);
  }
  return "";
}

Module multicast_streams(const Module& m, PassContext& ctx) {
  Module out = m;
  if (out.plan.mesh && out.plan.mesh->by_offsets()) {
    return out;  // each device runs a contiguous range of block ids (B1)
  }
  for (PrimFunc& f : out.functions) {
    std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
    if (launches.size() != 1) {
      continue;
    }
    const KernelLaunch* launch = launches[0];
    if (launch->attrs.get_int(keys::kMulticastTiling, 0) != 0) {
      continue;  // B0's choice
    }
    auto kept = [&](const std::string& why) {
      ctx.remark(launch->loc, "kept") << "no multicast tiling: " << why;
    };
    std::vector<int64_t> extents;
    for (const Expr& e : launch->extents) {
      extents.push_back(const_value(e).value_or(0));
    }
    if (std::string why = multicast_tiling_why_not(extents, ctx.device); !why.empty()) {
      kept(why);
      continue;
    }
    if (gemm_blocks::analyse_gemm(launch, f, out.plan).why_not.empty()) {
      continue;  // a plain GEMM: B0 decides its tiling
    }
    RowAnalysis a = analyse_rows(launch, launch->vars[0].get());
    if (!a.why_not.empty() || a.reused_bytes <= 0) {
      kept(fmt::format("no serial loop streams regions independent of '{}'{}",
                       launch->vars[0]->name, a.why_not.empty() ? "" : ": " + a.why_not));
      continue;
    }
    if (!a.growing.empty()) {
      kept(
          fmt::format("a serial loop's trip count depends on '{}': the cores of a row would run "
                      "different loops",
                      launch->vars[0]->name));
      continue;
    }
    const int64_t w = extents[0], h = extents[1];
    const int64_t tw = gemm_cost::tiling_side(w, ctx.device.grid_x),
                  th = gemm_cost::tiling_side(h, ctx.device.grid_y);
    ctx.remark(launch->loc, "tiling") << fmt::format(
        "the {} bytes a serial loop streams per iteration do not depend on '{}': the cores are "
        "laid out as the {}x{} grid ({}x{} cores, {} blocks each) so that the {} cores of a row "
        "run blocks of the same '{}' at every step and share the streamed regions (D8 multicasts "
        "them); alternative: contiguous ranges, every core reading them itself",
        a.reused_bytes, launch->vars[0]->name, w, h, tw, th, w * h / (tw * th), tw,
        launch->vars[1]->name);
    Stmt tiled = KernelLaunch::make(launch->extents, launch->vars,
                                    launch->attrs.with(keys::kMulticastTiling, int64_t{1}),
                                    launch->body, launch->loc);
    f = f.with_body(replace_launch(f.body, launch, tiled));
  }
  return out;
}

}  // namespace tltt::passes
