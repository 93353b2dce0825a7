// The per-core L1 map of a compiled program (see l1_map.h): CB and L1-buffer ranges computed the
// way the host program's allocations place them, totals per distinct core role.
#include "driver/l1_map.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "device/device.h"

namespace tltt::driver {

using namespace ir;

namespace {

int64_t align_up(int64_t v, int64_t a) { return (v + a - 1) / a * a; }
int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

std::string range(int64_t lo, int64_t hi) { return fmt::format("[{:#x}, {:#x})", lo, hi); }

std::string percent(int64_t part, int64_t whole) {
  return fmt::format(
      "{:.1f}%", whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
}

bool contains(const std::vector<CoreRange>& ranges, int64_t x, int64_t y) {
  return std::any_of(ranges.begin(), ranges.end(), [&](const CoreRange& r) {
    return x >= r.start.x && x < r.start.x + r.extent.x && y >= r.start.y &&
           y < r.start.y + r.extent.y;
  });
}

int64_t cores_in(const std::vector<CoreRange>& ranges) {
  int64_t n = 0;
  for (const CoreRange& r : ranges) {
    n += r.extent.x * r.extent.y;
  }
  return n;
}

// One L1 buffer: a tensor stored in L1, its bytes per core (bank) and the cores holding data.
struct L1Buffer {
  const TensorPlan* tensor;
  std::string what;
  int64_t per_core = 0, lo = 0, hi = 0;
  std::vector<CoreRange> holders;  // empty: every core (interleaved over all L1 banks)
};

}  // namespace

std::string l1_map(const DevicePlan& plan) {
  const device::Description* desc = device::find(plan.device);
  if (desc == nullptr) {
    desc = &device::default_device();
  }
  const int64_t size = desc->l1_size, reserved = desc->l1_reserved, align = desc->l1_alignment;
  const int64_t budget = desc->l1_cb_budget();
  std::string o;
  auto ln = [&](const std::string& s) { o += s + "\n"; };
  ln(fmt::format(
      "L1 map of {} on {}{}, per core:", plan.kernel, desc->name,
      plan.mesh ? fmt::format(" (each device of the {}x{} mesh)", plan.mesh->rows, plan.mesh->cols)
                : ""));
  ln(
      fmt::format("  L1 {} bytes; {} reserved {} (firmware, runtime arguments, semaphores); "
                  "budget {} bytes for CBs and L1 buffers",
                  size, reserved, range(0, reserved), budget));
  if (!plan.dynamic.empty()) {
    ln("  (T.dynamic sizes: shards shown at the compiled sizes)");
  }

  // CBs: created in plan order on the kernels' cores, upwards from the reserved region.
  ln(fmt::format("  {:>3}  {:<24} {:<10} {:>6} {:>6} {:>9}  {}", "CB", "name", "format", "page",
                 "pages", "bytes", "L1 range"));
  int64_t at = reserved, cb_bytes = 0;
  for (const CbPlan& cb : plan.cbs) {
    int64_t bytes = cb.page_size * cb.num_pages;
    ln(fmt::format("  {:>3}  {:<24} {:<10} {:>6} {:>6} {:>9}  {}", cb.index, cb.name, cb.format,
                   cb.page_size, cb.num_pages, bytes, range(at, at + bytes)));
    at = align_up(at + bytes, align);
    cb_bytes += bytes;
  }
  const int64_t cb_end = at;
  std::vector<CoreRange> kernel_cores;
  if (plan.partition) {
    kernel_cores = plan.partition->ranges;
  }
  ln(fmt::format("  CBs: {} CBs, {} bytes, {} on each of the {} cores running the kernels",
                 plan.cbs.size(), cb_bytes, range(reserved, cb_end), cores_in(kernel_cores)));

  // L1 buffers: allocated downwards from the top of L1, in the host program's (plan) order.
  std::vector<L1Buffer> buffers;
  int64_t top = size;
  for (const TensorPlan& t : plan.tensors) {
    if (t.memory != MemoryKind::kL1 || t.page_size <= 0) {
      continue;
    }
    L1Buffer b{&t, "", 0, 0, 0, {}};
    const int64_t page = align_up(t.page_size, align);
    if (t.shard_spec && t.shard_spec->shard_shape.size() == 2 &&
        t.shard_spec->tensor_pages.size() == 2) {
      const HostShardSpec& s = *t.shard_spec;
      int64_t th = t.tile_shape.size() == 2 ? t.tile_shape[0] : 32;
      int64_t tw = t.tile_shape.size() == 2 ? t.tile_shape[1] : 32;
      int64_t sh = std::max<int64_t>(1, ceil_div(s.shard_shape[0], th));
      int64_t sw = std::max<int64_t>(1, ceil_div(s.shard_shape[1], tw));
      int64_t shards = ceil_div(s.tensor_pages[0], sh) * ceil_div(s.tensor_pages[1], sw);
      int64_t banks = std::max<int64_t>(1, cores_in(s.cores));
      b.per_core = ceil_div(shards, banks) * sh * sw * page;
      b.holders = s.cores;
      b.what = fmt::format("{}, shards of {}x{} elements ({}x{} pages of {} B) on {} cores",
                           s.memory_layout, s.shard_shape[0], s.shard_shape[1], sh, sw, t.page_size,
                           banks);
    } else {
      int64_t pages = 1;
      const std::vector<int64_t>& d = t.device_shape.empty() ? t.shape : t.device_shape;
      for (size_t i = 0; i < d.size(); ++i) {
        pages *= i + 2 < d.size() ? d[i] : ceil_div(d[i], 32);
      }
      int64_t banks = desc->num_workers();
      b.per_core = ceil_div(pages, banks) * page;
      b.what = fmt::format("interleaved, {} pages of {} B over the {} cores' L1", pages,
                           t.page_size, banks);
    }
    int64_t per_bank = align_up(b.per_core, align);
    b.hi = top;
    b.lo = (top - per_bank) / align * align;
    top = b.lo;
    buffers.push_back(b);
  }
  int64_t buffer_bytes = size - top;
  if (!buffers.empty()) {
    ln("  L1 buffers (from the top of L1 down, at the same address on every core):");
    for (const L1Buffer& b : buffers) {
      ln(fmt::format("    {:<12} {:>9} bytes  {}  {}", b.tensor->name, b.hi - b.lo,
                     range(b.lo, b.hi), b.what));
    }
  }
  if (cb_end <= top) {
    ln(fmt::format("  free: {} bytes {} between the CBs and {}", top - cb_end, range(cb_end, top),
                   buffers.empty() ? "the top of L1" : "the L1 buffers"));
  } else {
    ln(fmt::format("  OVERFLOW: the CBs end at {:#x}, {} bytes above the L1 buffers at {:#x}",
                   cb_end, cb_end - top, top));
  }

  // Distinct core roles: whether the core runs the kernels (holds the CBs) and which L1 buffers
  // hold data on it; every core of the device grid, in first-seen order.
  struct Role {
    bool runs = false;
    std::vector<const L1Buffer*> holds;
    int64_t cores = 0;
    CoreCoord first;
  };
  std::vector<Role> roles;
  for (int64_t y = 0; y < desc->grid_y(); ++y) {
    for (int64_t x = 0; x < desc->grid_x(); ++x) {
      Role r;
      r.runs = contains(kernel_cores, x, y);
      for (const L1Buffer& b : buffers) {
        if (b.holders.empty() || contains(b.holders, x, y)) {
          r.holds.push_back(&b);
        }
      }
      auto same = std::find_if(roles.begin(), roles.end(), [&](const Role& q) {
        return q.runs == r.runs && q.holds == r.holds;
      });
      if (same == roles.end()) {
        r.first = CoreCoord{x, y};
        roles.push_back(r);
        same = roles.end() - 1;
      }
      ++same->cores;
    }
  }
  ln(fmt::format("  per core role ({} cores, {}x{}):", desc->num_workers(), desc->grid_x(),
                 desc->grid_y()));
  for (const Role& r : roles) {
    int64_t used = r.runs ? cb_bytes : 0;
    std::vector<std::string> parts;
    if (r.runs) {
      parts.push_back(fmt::format("CBs {}", cb_bytes));
    }
    for (const L1Buffer* b : r.holds) {
      used += b->hi - b->lo;
      parts.push_back(fmt::format("{} {}", b->tensor->name, b->hi - b->lo));
    }
    std::string what = r.runs ? "run the kernels" : "run no kernel";
    if (!r.holds.empty()) {
      std::vector<std::string> names;
      for (const L1Buffer* b : r.holds) {
        names.push_back(b->tensor->name);
      }
      what += ", hold " + fmt::format("{}", fmt::join(names, ", "));
    }
    ln(fmt::format("    {:>3} cores (first ({},{})) {}: {} of {} bytes ({}){}", r.cores, r.first.x,
                   r.first.y, what, used, budget, percent(used, budget),
                   parts.size() > 1 ? " = " + fmt::format("{}", fmt::join(parts, " + ")) : ""));
  }
  if (buffer_bytes > 0) {
    ln(fmt::format("  L1 buffers take {} bytes at the top of every core's L1", buffer_bytes));
  }
  return o;
}

std::string l1_report(const std::vector<DevicePlan>& plans) {
  std::string o;
  for (size_t i = 0; i < plans.size(); ++i) {
    o += (plans.size() > 1 ? fmt::format("launch{}: ", i) : "") + l1_map(plans[i]);
  }
  return o;
}

}  // namespace tltt::driver
