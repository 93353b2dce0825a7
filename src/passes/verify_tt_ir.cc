// verify-tt-ir: final checks before code generation. CB indices within the device's range and
// consistent across kernels, L1 used by all CBs of a core within the budget, and the
// attributes every kernel role needs (tilelang.md §1.3.16).
#include "passes/verify_tt_ir.h"

#include <fmt/format.h>

#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

Module verify_tt_ir(const Module& m, PassContext& ctx) {
  std::map<int64_t, Buffer> cbs;
  for (const PrimFunc& f : m.functions) {
    std::string role = kernel_role(f);
    std::vector<std::string> required;
    if (role == "reader" || role == "writer") {
      required = {keys::kKernelRole, keys::kRuntimeArgs, keys::kRuntimeArgsFinalized,
                  keys::kCbProtocolInserted};
    } else if (role == "compute") {
      required = {keys::kKernelRole, keys::kRuntimeArgs, keys::kComputeInitInserted,
                  keys::kDstManagementInserted};
    } else {
      ctx.error(f.loc) << "TT IR validation failed:\nMetadata: No kernel role specified for "
                       << f.name;
      continue;
    }
    std::vector<std::string> missing;
    for (const auto& k : required) {
      if (!f.attrs.has(k)) {
        missing.push_back(k);
      }
    }
    TILE_ASSERT(missing.empty()) << "Missing required attributes for " << role << ": "
                                 << AttrValue(missing).str();
    for (const Buffer& cb : allocated_cbs(f.body)) {
      int64_t idx = cb->attrs.get_int(keys::kCbIndex, -1);
      if (idx < 0 || idx >= ctx.device.max_cbs) {
        ctx.error(cb->loc) << "TT IR validation failed:\nCB: CB index " << idx
                           << " exceeds maximum of " << ctx.device.max_cbs;
        continue;
      }
      auto [it, fresh] = cbs.emplace(idx, cb);
      TILE_ASSERT(fresh || it->second->attrs == cb->attrs)
          << "CB " << idx << " is described differently by two kernels";
    }
  }
  int64_t total = 0;
  for (const auto& [idx, cb] : cbs) {
    total += cb->attrs.get_int(keys::kCbPageSize, 0) * cb->attrs.get_int(keys::kCbNumPages, 0);
  }
  if (total > ctx.device.l1_budget) {
    Location loc = m.functions.empty() ? Location() : m.functions[0].loc;
    std::string detail;
    for (const auto& [idx, cb] : cbs) {
      detail += fmt::format("\n  CB {} '{}': {} pages x {} B", idx, cb->name,
                            cb->attrs.get_int(keys::kCbNumPages, 0),
                            cb->attrs.get_int(keys::kCbPageSize, 0));
    }
    ctx.error(loc) << "TT IR validation failed:\nCB: L1 usage " << total
                   << " bytes exceeds capacity " << ctx.device.l1_budget
                   << " (use smaller blocks or fewer pipeline stages)" << detail;
  }
  return m;
}

}  // namespace tltt::passes
