// verify-tt-ir: final checks before code generation. CB indices within the device's range and
// consistent across kernels, L1 used by all CBs of a core within the budget, and the
// device plan agrees with every allocated CB (tilelang.md §1.3.16).
#include "passes/verify_tt_ir.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The L1 overflow error names every CB with its bytes (a note at its allocation) and proposes the
// smallest block change that fits: every CB dimension of one extent (a block size shared by the
// buffers, e.g. block_M) halved as few times as needed, preferring the fewest halvings and then
// the largest extent. The tiles and depth of each CB come from C1 (tiles, num_pages).
void report_l1_overflow(const std::map<int64_t, Buffer>& cbs, int64_t total, const Module& m,
                        PassContext& ctx) {
  struct Cb {
    const Buffer* buffer;
    int64_t rows = 0, cols = 0, depth = 1, page = 0;
    int64_t bytes() const { return rows * cols * depth * page; }
  };
  std::vector<Cb> list;
  std::set<int64_t> extents;  // tile extents a block change could shrink
  int64_t fixed = 0;          // bytes of CBs without a tile grid
  for (const auto& [idx, cb] : cbs) {
    int64_t pages = cb->attrs.get_int(keys::kCbNumPages, 0);
    int64_t page = cb->attrs.get_int(keys::kCbPageSize, 0);
    const AttrValue* tiles = cb->attrs.find("tiles");
    if (tiles == nullptr || tiles->as_int_list().size() != 2) {
      fixed += pages * page;
      continue;
    }
    auto t = tiles->as_int_list();
    Cb c{&cb, t[0], t[1], std::max<int64_t>(1, pages / std::max<int64_t>(1, t[0] * t[1])), page};
    list.push_back(c);
    extents.insert(c.rows);
    extents.insert(c.cols);
  }
  int64_t budget = ctx.device.l1_budget;
  Location loc = m.functions.empty() ? Location() : m.functions[0].loc;
  auto err = ctx.error(loc);
  err << "the circular buffers of this kernel need " << total << " bytes of L1 per core, "
      << total - budget << " more than the " << budget << " available on " << ctx.device.name;
  for (const auto& [idx, cb] : cbs) {
    int64_t pages = cb->attrs.get_int(keys::kCbNumPages, 0);
    int64_t page = cb->attrs.get_int(keys::kCbPageSize, 0);
    err.note(cb->loc, fmt::format("CB {} '{}' takes {} bytes ({} pages of {} bytes)", idx, cb->name,
                                  pages * page, pages, page));
  }
  for (int64_t halvings = 1; halvings <= 4; ++halvings) {
    for (auto it = extents.rbegin(); it != extents.rend(); ++it) {
      int64_t from = *it, to = from >> halvings;
      if (to < 1 || (to << halvings) != from) {
        continue;
      }
      int64_t after = fixed;
      std::vector<std::string> names;
      for (const Cb& c : list) {
        int64_t r = c.rows == from ? to : c.rows, k = c.cols == from ? to : c.cols;
        after += r * k * c.depth * c.page;
        if (c.rows == from || c.cols == from) {
          names.push_back(fmt::format("'{}'", (*c.buffer)->name));
        }
      }
      if (after <= budget) {
        err.note(loc, fmt::format("try a block size of {} instead of {} for every block "
                                  "dimension that is {} ({}); the CBs then need {} bytes",
                                  to * 32, from * 32, from * 32, fmt::join(names, ", "), after));
        return;
      }
    }
  }
  err.note(loc, "try smaller blocks or fewer pipeline stages (num_stages of T.Pipelined)");
}

}  // namespace

Module verify_tt_ir(const Module& m, PassContext& ctx) {
  std::map<int64_t, Buffer> cbs;
  for (const PrimFunc& f : m.functions) {
    if (kernel_role(m, f).empty()) {
      ctx.error(f.loc) << "TT IR validation failed:\nMetadata: No kernel role specified for "
                       << f.name;
      continue;
    }
    for (const Buffer& cb : allocated_cbs(f.body)) {
      int64_t idx = cb->attrs.get_int(keys::kCbIndex, -1);
      if (idx < 0 || idx >= ctx.device.max_cbs) {
        ctx.error(cb->loc) << "TT IR validation failed:\nCB: CB index " << idx
                           << " exceeds maximum of " << ctx.device.max_cbs;
        continue;
      }
      const CbPlan* planned = m.plan.find_cb(idx);
      TILE_ASSERT(planned && planned->name == cb->name &&
                  planned->num_pages == cb->attrs.get_int(keys::kCbNumPages, 0) &&
                  planned->page_size == cb->attrs.get_int(keys::kCbPageSize, 0) &&
                  planned->format == cb->attrs.get_string(keys::kCbFormat, ""))
          << "CB " << idx << " '" << cb->name << "' differs from the device plan";
      auto [it, fresh] = cbs.emplace(idx, cb);
      TILE_ASSERT(fresh || it->second->attrs == cb->attrs)
          << "CB " << idx << " is described differently by two kernels";
    }
  }
  TILE_ASSERT(m.plan.partition && m.plan.compute && m.plan.kernels.size() == 3)
      << "the device plan lacks the partition, the compute configuration or a kernel";
  int64_t total = 0;
  for (const auto& [idx, cb] : cbs) {
    total += cb->attrs.get_int(keys::kCbPageSize, 0) * cb->attrs.get_int(keys::kCbNumPages, 0);
  }
  if (total > ctx.device.l1_budget) {
    report_l1_overflow(cbs, total, m, ctx);
  } else if (!m.functions.empty()) {
    ctx.remark(m.functions.front().loc, "l1-budget") << fmt::format(
        "the {} circular buffers use {} of the {} bytes of L1 per core available for them on {} "
        "({:.1f}%)",
        cbs.size(), total, ctx.device.l1_budget, ctx.device.name,
        100.0 * static_cast<double>(total) / static_cast<double>(ctx.device.l1_budget));
  }
  return m;
}

}  // namespace tltt::passes
