// split_work_to_cores (tt-metalium/work_split.hpp).
#pragma once
#include <cstdint>
#include <tuple>

#include "tt-metalium/core_coord.hpp"

namespace tt::tt_metal {

// The largest divisor of val not above start_max_div, skipping 5 and 7 (1 when none is).
int find_max_divisor(uint32_t val, uint32_t start_max_div);
// The largest divisor of val not above max_block_size.
int find_max_block_size(uint32_t val, uint32_t max_block_size = 8);

// (num_cores, all_cores, core_group_1, core_group_2, units_per_core_group_1,
// units_per_core_group_2): group 1 cores take one unit more than group 2 cores.
std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t>
split_work_to_cores(const CoreCoord grid_size, const uint32_t units_to_divide,
                    const bool row_wise = false);
std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t>
split_work_to_cores(const CoreRangeSet& core_grid, const uint32_t units_to_divide,
                    const bool row_wise = false);

}  // namespace tt::tt_metal
