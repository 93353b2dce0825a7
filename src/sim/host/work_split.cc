// split_work_to_cores: spread units over a grid, the first cores taking one extra unit.
#include "tt-metalium/work_split.hpp"

#include <algorithm>
#include <vector>

namespace tt::tt_metal {

int find_max_divisor(uint32_t val, uint32_t start_max_div) {
  for (uint32_t d = start_max_div; d >= 2; --d) {
    if (d != 5 && d != 7 && val % d == 0) {
      return static_cast<int>(d);
    }
  }
  return 1;
}

int find_max_block_size(uint32_t val, uint32_t max_block_size) {
  for (uint32_t d = max_block_size; d >= 2; --d) {
    if (val % d == 0) {
      return static_cast<int>(d);
    }
  }
  return 1;
}

namespace {
CoreRangeSet cores_to_set(const std::vector<CoreCoord>& cores) {
  std::vector<CoreRange> rs;
  for (auto& c : cores) {
    rs.emplace_back(c);
  }
  // Merge runs along x (same y) to keep the set compact.
  std::vector<CoreRange> merged;
  for (auto& r : rs) {
    if (!merged.empty()) {
      auto& m = merged.back();
      if (m.start_coord.y == r.start_coord.y && m.end_coord.y == r.end_coord.y &&
          m.end_coord.x + 1 == r.start_coord.x) {
        m.end_coord.x = r.end_coord.x;
        continue;
      }
    }
    merged.push_back(r);
  }
  return CoreRangeSet(merged);
}

std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split(
    const std::vector<CoreCoord>& ordered, uint32_t units) {
  uint32_t num_cores = std::min<uint32_t>(units, static_cast<uint32_t>(ordered.size()));
  if (num_cores == 0) {
    return {0, CoreRangeSet(), CoreRangeSet(), CoreRangeSet(), 0, 0};
  }
  uint32_t base = units / num_cores, rem = units % num_cores;
  std::vector<CoreCoord> all(ordered.begin(), ordered.begin() + num_cores);
  std::vector<CoreCoord> g1, g2;
  if (rem == 0) {
    g1 = all;
    return {num_cores, cores_to_set(all), cores_to_set(g1), CoreRangeSet(), base, 0};
  }
  g1.assign(all.begin(), all.begin() + rem);
  g2.assign(all.begin() + rem, all.end());
  return {num_cores, cores_to_set(all), cores_to_set(g1), cores_to_set(g2), base + 1, base};
}
}  // namespace

std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t>
split_work_to_cores(const CoreCoord grid, const uint32_t units, const bool row_wise) {
  CoreRangeSet set(CoreRange(CoreCoord{0, 0}, CoreCoord{grid.x - 1, grid.y - 1}));
  return split(corerange_to_cores(set, std::nullopt, row_wise), units);
}

std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t>
split_work_to_cores(const CoreRangeSet& grid, const uint32_t units, const bool row_wise) {
  return split(corerange_to_cores(grid, std::nullopt, row_wise), units);
}

}  // namespace tt::tt_metal
