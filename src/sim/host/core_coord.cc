// CoreRange / CoreRangeSet operations and core enumeration helpers.
#include "tt-metalium/core_coord.hpp"

#include <algorithm>
#include <stdexcept>

namespace tt::tt_metal {

CoreRange::CoreRange(const CoreCoord& start, const CoreCoord& end)
    : start_coord(start), end_coord(end) {
  if (end.x < start.x || end.y < start.y) {
    throw std::invalid_argument("CoreRange " + start.str() + " - " + end.str() +
                                ": end must not be before start");
  }
}

bool CoreRange::intersects(const CoreRange& r) const {
  return !(r.end_coord.x < start_coord.x || r.start_coord.x > end_coord.x ||
           r.end_coord.y < start_coord.y || r.start_coord.y > end_coord.y);
}

std::optional<CoreRange> CoreRange::intersection(const CoreRange& r) const {
  if (!intersects(r)) {
    return std::nullopt;
  }
  return CoreRange(
      {std::max(start_coord.x, r.start_coord.x), std::max(start_coord.y, r.start_coord.y)},
      {std::min(end_coord.x, r.end_coord.x), std::min(end_coord.y, r.end_coord.y)});
}

bool CoreRange::adjacent(const CoreRange& r) const {
  if (intersects(r)) {
    return false;
  }
  bool xs_overlap = r.start_coord.x <= end_coord.x && start_coord.x <= r.end_coord.x;
  bool ys_overlap = r.start_coord.y <= end_coord.y && start_coord.y <= r.end_coord.y;
  bool x_touch = r.start_coord.x == end_coord.x + 1 || start_coord.x == r.end_coord.x + 1;
  bool y_touch = r.start_coord.y == end_coord.y + 1 || start_coord.y == r.end_coord.y + 1;
  return (xs_overlap && y_touch) || (ys_overlap && x_touch);
}

CoreRangeSet::CoreRangeSet(const std::vector<CoreRange>& rs) : ranges_(rs) {
  for (size_t i = 0; i < ranges_.size(); ++i) {
    for (size_t j = i + 1; j < ranges_.size(); ++j) {
      if (ranges_[i].intersects(ranges_[j])) {
        throw std::invalid_argument("CoreRangeSet: ranges " + ranges_[i].str() + " and " +
                                    ranges_[j].str() + " overlap");
      }
    }
  }
}

CoreRangeSet::CoreRangeSet(const std::set<CoreRange>& rs)
    : CoreRangeSet(std::vector<CoreRange>(rs.begin(), rs.end())) {}

size_t CoreRangeSet::num_cores() const {
  size_t n = 0;
  for (auto& r : ranges_) {
    n += r.size();
  }
  return n;
}

bool CoreRangeSet::contains(const CoreCoord& c) const {
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [&](const CoreRange& r) { return r.contains(c); });
}

bool CoreRangeSet::contains(const CoreRange& r) const {
  for (CoreCoord c : r) {
    if (!contains(c)) {
      return false;
    }
  }
  return true;
}

bool CoreRangeSet::intersects(const CoreRange& r) const {
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [&](const CoreRange& q) { return q.intersects(r); });
}

CoreRangeSet CoreRangeSet::intersection(const CoreRangeSet& other) const {
  std::vector<CoreRange> out;
  for (const CoreRange& a : ranges_) {
    for (const CoreRange& b : other.ranges()) {
      if (auto r = a.intersection(b)) {
        out.push_back(*r);
      }
    }
  }
  return CoreRangeSet(out);
}

CoreRangeSet CoreRangeSet::subtract(const CoreRangeSet& other) const {
  std::set<CoreCoord> left;  // ordered by (x, y); runs are formed per row below
  for (const CoreRange& r : ranges_) {
    for (CoreCoord c : r) {
      if (!other.contains(c)) {
        left.insert(c);
      }
    }
  }
  std::vector<CoreRange> out;
  std::vector<CoreCoord> by_row(left.begin(), left.end());
  std::sort(by_row.begin(), by_row.end(), [](const CoreCoord& a, const CoreCoord& b) {
    return a.y != b.y ? a.y < b.y : a.x < b.x;
  });
  for (size_t i = 0; i < by_row.size();) {
    size_t j = i;
    while (j + 1 < by_row.size() && by_row[j + 1].y == by_row[i].y &&
           by_row[j + 1].x == by_row[j].x + 1) {
      ++j;
    }
    out.emplace_back(by_row[i], by_row[j]);
    i = j + 1;
  }
  return CoreRangeSet(out);
}

std::vector<CoreCoord> grid_to_cores(uint32_t num_cores, uint32_t grid_size_x, uint32_t grid_size_y,
                                     bool row_wise) {
  if (num_cores > grid_size_x * grid_size_y) {
    throw std::invalid_argument("grid_to_cores: " + std::to_string(num_cores) +
                                " cores do not fit a " + std::to_string(grid_size_x) + "x" +
                                std::to_string(grid_size_y) + " grid");
  }
  std::vector<CoreCoord> out;
  for (uint32_t i = 0; i < num_cores; ++i) {
    out.push_back(row_wise ? CoreCoord{i % grid_size_x, i / grid_size_x}
                           : CoreCoord{i / grid_size_y, i % grid_size_y});
  }
  return out;
}

std::vector<CoreCoord> grid_to_cores(CoreCoord start, CoreCoord end, bool row_wise) {
  std::vector<CoreCoord> out;
  if (row_wise) {
    for (size_t y = start.y; y <= end.y; ++y) {
      for (size_t x = start.x; x <= end.x; ++x) {
        out.push_back({x, y});
      }
    }
  } else {
    for (size_t x = start.x; x <= end.x; ++x) {
      for (size_t y = start.y; y <= end.y; ++y) {
        out.push_back({x, y});
      }
    }
  }
  return out;
}

CoreRangeSet CoreRangeSet::merge(const CoreRangeSet& other) const {
  std::vector<CoreRange> out = ranges_;
  for (auto& r : other.ranges_) {
    for (CoreCoord c : r) {
      bool have = false;
      for (auto& q : out) {
        have = have || q.contains(c);
      }
      if (!have) {
        out.emplace_back(c);
      }
    }
  }
  return CoreRangeSet(out);
}

CoreRange CoreRangeSet::bounding_box() const {
  if (ranges_.empty()) {
    return CoreRange(CoreCoord{0, 0});
  }
  CoreCoord lo = ranges_[0].start_coord, hi = ranges_[0].end_coord;
  for (auto& r : ranges_) {
    lo.x = std::min(lo.x, r.start_coord.x);
    lo.y = std::min(lo.y, r.start_coord.y);
    hi.x = std::max(hi.x, r.end_coord.x);
    hi.y = std::max(hi.y, r.end_coord.y);
  }
  return CoreRange(lo, hi);
}

std::string CoreRangeSet::str() const {
  std::string s = "{";
  for (size_t i = 0; i < ranges_.size(); ++i) {
    s += (i ? ", " : "") + ranges_[i].str();
  }
  return s + "}";
}

std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet& crs,
                                          std::optional<uint32_t> max_cores, bool row_wise) {
  std::vector<CoreCoord> out;
  for (auto& r : crs.ranges()) {
    if (row_wise) {
      for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y) {
        for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x) {
          out.emplace_back(x, y);
        }
      }
    } else {
      for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x) {
        for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y) {
          out.emplace_back(x, y);
        }
      }
    }
  }
  if (max_cores && out.size() > *max_cores) {
    out.resize(*max_cores);
  }
  return out;
}

CoreRangeSet num_cores_to_corerangeset(uint32_t target, const CoreCoord grid, bool row_wise) {
  std::vector<CoreRange> rs;
  if (target == 0) {
    return CoreRangeSet(rs);
  }
  if (target > grid.x * grid.y) {
    throw std::invalid_argument("num_cores_to_corerangeset: " + std::to_string(target) +
                                " cores do not fit the grid " + grid.str());
  }
  if (row_wise) {
    uint32_t full = target / grid.x, rem = target % grid.x;
    if (full) {
      rs.emplace_back(CoreCoord{0, 0}, CoreCoord{grid.x - 1, full - 1});
    }
    if (rem) {
      rs.emplace_back(CoreCoord{0, full}, CoreCoord{rem - 1, full});
    }
  } else {
    uint32_t full = target / grid.y, rem = target % grid.y;
    if (full) {
      rs.emplace_back(CoreCoord{0, 0}, CoreCoord{full - 1, grid.y - 1});
    }
    if (rem) {
      rs.emplace_back(CoreCoord{full, 0}, CoreCoord{full, rem - 1});
    }
  }
  return CoreRangeSet(rs);
}

}  // namespace tt::tt_metal
