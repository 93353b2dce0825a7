// Core coordinates, ranges and range sets (TT-Metalium tt-metalium/core_coord.hpp spellings).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fmt/base.h"
#include "umd/device/types/xy_pair.hpp"

namespace tt::tt_metal {

using CoreCoord = tt_xy_pair;

constexpr bool operator<=(const CoreCoord& a, const CoreCoord& b) { return a < b || a == b; }

class CoreRange {
 public:
  CoreCoord start_coord;
  CoreCoord end_coord;

  CoreRange(const CoreCoord& point) : start_coord(point), end_coord(point) {}
  CoreRange(const CoreCoord& start, const CoreCoord& end);

  std::size_t size() const {
    return (end_coord.x - start_coord.x + 1) * (end_coord.y - start_coord.y + 1);
  }
  CoreCoord grid_size() const {
    return {end_coord.x - start_coord.x + 1, end_coord.y - start_coord.y + 1};
  }
  bool contains(const CoreCoord& c) const {
    return c.x >= start_coord.x && c.x <= end_coord.x && c.y >= start_coord.y && c.y <= end_coord.y;
  }
  bool contains(const CoreRange& r) const {
    return contains(r.start_coord) && contains(r.end_coord);
  }
  bool intersects(const CoreRange& r) const;
  std::optional<CoreRange> intersection(const CoreRange& r) const;
  // Disjoint ranges that share (part of) an edge.
  bool adjacent(const CoreRange& r) const;
  std::string str() const { return "[" + start_coord.str() + " - " + end_coord.str() + "]"; }
  bool operator==(const CoreRange& o) const {
    return start_coord == o.start_coord && end_coord == o.end_coord;
  }
  bool operator!=(const CoreRange& o) const { return !(*this == o); }
  bool operator<(const CoreRange& o) const {
    return start_coord != o.start_coord ? start_coord < o.start_coord : end_coord < o.end_coord;
  }

  // Iterates the cores row by row.
  class iterator {
   public:
    iterator(const CoreRange* r, CoreCoord c) : r_(r), c_(c) {}
    // By reference, as the SDK's iterator, so `for (auto& core : range)` compiles.
    CoreCoord& operator*() { return c_; }
    iterator& operator++() {
      if (c_.x < r_->end_coord.x) {
        ++c_.x;
      } else {
        c_.x = r_->start_coord.x;
        ++c_.y;
      }
      return *this;
    }
    bool operator!=(const iterator& o) const { return c_ != o.c_; }
    bool operator==(const iterator& o) const { return c_ == o.c_; }

   private:
    const CoreRange* r_;
    CoreCoord c_;
  };
  iterator begin() const { return iterator(this, start_coord); }
  iterator end() const { return iterator(this, CoreCoord{start_coord.x, end_coord.y + 1}); }
};

class CoreRangeSet {
 public:
  CoreRangeSet() = default;
  CoreRangeSet(const CoreRange& r) : ranges_{r} {}
  CoreRangeSet(const std::vector<CoreRange>& rs);
  CoreRangeSet(const std::set<CoreRange>& rs);

  const std::vector<CoreRange>& ranges() const { return ranges_; }
  std::size_t size() const { return ranges_.size(); }
  bool empty() const { return ranges_.empty(); }
  std::size_t num_cores() const;
  bool contains(const CoreCoord& c) const;
  bool contains(const CoreRange& r) const;
  bool intersects(const CoreRange& r) const;
  CoreRangeSet merge(const CoreRangeSet& other) const;
  template <typename T>
  CoreRangeSet merge(const T& other) const {
    return merge(CoreRangeSet(other));
  }
  CoreRangeSet intersection(const CoreRangeSet& other) const;
  // The cores not in `other`, one range per run of consecutive cores in a row.
  CoreRangeSet subtract(const CoreRangeSet& other) const;
  CoreRange bounding_box() const;
  std::string str() const;
  bool operator==(const CoreRangeSet& o) const { return ranges_ == o.ranges_; }

 private:
  std::vector<CoreRange> ranges_;
};

// The cores of a set in row-major (or column-major) order, at most max_cores of them.
std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet& crs,
                                          std::optional<uint32_t> max_cores = std::nullopt,
                                          bool row_wise = false);
// The first num_cores cores of a grid_size_x x grid_size_y grid, by rows or by columns; and every
// core of the rectangle start..end in that order.
std::vector<CoreCoord> grid_to_cores(uint32_t num_cores, uint32_t grid_size_x, uint32_t grid_size_y,
                                     bool row_wise = false);
std::vector<CoreCoord> grid_to_cores(CoreCoord start, CoreCoord end, bool row_wise = false);
// The first target_num_cores cores of a grid as a range set, filled by rows or by columns.
CoreRangeSet num_cores_to_corerangeset(uint32_t target_num_cores, const CoreCoord grid_size,
                                       bool row_wise = false);

}  // namespace tt::tt_metal

using tt::tt_metal::CoreCoord;
using tt::tt_metal::CoreRange;
using tt::tt_metal::CoreRangeSet;

template <>
struct fmt::formatter<tt::tt_metal::CoreRange> : fmt::formatter<std::string> {
  template <typename Ctx>
  auto format(const tt::tt_metal::CoreRange& r, Ctx& ctx) const {
    return fmt::formatter<std::string>::format(r.str(), ctx);
  }
};
template <>
struct fmt::formatter<tt::tt_metal::CoreRangeSet> : fmt::formatter<std::string> {
  template <typename Ctx>
  auto format(const tt::tt_metal::CoreRangeSet& r, Ctx& ctx) const {
    return fmt::formatter<std::string>::format(r.str(), ctx);
  }
};
