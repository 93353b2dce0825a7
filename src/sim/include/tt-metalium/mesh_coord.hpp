// Mesh shapes, coordinates and coordinate ranges (tt-metalium/mesh_coord.hpp), two-dimensional.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tt::tt_metal::distributed {

class MeshShape {
 public:
  MeshShape(uint32_t rows = 1, uint32_t cols = 1) : dims_{rows, cols} {}
  size_t dims() const { return dims_.size(); }
  uint32_t operator[](size_t i) const { return dims_[i]; }
  size_t mesh_size() const { return size_t(dims_[0]) * dims_[1]; }
  bool operator==(const MeshShape& o) const { return dims_ == o.dims_; }

 private:
  std::vector<uint32_t> dims_;
};

class MeshCoordinate {
 public:
  MeshCoordinate(uint32_t r = 0, uint32_t c = 0) : coords_{r, c} {}
  size_t dims() const { return coords_.size(); }
  uint32_t operator[](size_t i) const { return coords_[i]; }
  bool operator==(const MeshCoordinate& o) const { return coords_ == o.coords_; }
  bool operator<(const MeshCoordinate& o) const { return coords_ < o.coords_; }
  std::string str() const {
    return "MeshCoordinate(" + std::to_string(coords_[0]) + ", " + std::to_string(coords_[1]) + ")";
  }

 private:
  std::vector<uint32_t> coords_;
};

class MeshCoordinateRange {
 public:
  explicit MeshCoordinateRange(const MeshShape& shape)
      : start_(0, 0), end_(shape[0] - 1, shape[1] - 1) {}
  MeshCoordinateRange(const MeshCoordinate& start, const MeshCoordinate& end)
      : start_(start), end_(end) {}
  explicit MeshCoordinateRange(const MeshCoordinate& c) : start_(c), end_(c) {}
  const MeshCoordinate& start_coord() const { return start_; }
  const MeshCoordinate& end_coord() const { return end_; }
  bool contains(const MeshCoordinate& c) const {
    return c[0] >= start_[0] && c[0] <= end_[0] && c[1] >= start_[1] && c[1] <= end_[1];
  }
  bool contains(const MeshCoordinateRange& r) const {
    return contains(r.start_coord()) && contains(r.end_coord());
  }
  bool intersects(const MeshCoordinateRange& r) const {
    return start_[0] <= r.end_[0] && r.start_[0] <= end_[0] && start_[1] <= r.end_[1] &&
           r.start_[1] <= end_[1];
  }
  MeshShape shape() const { return MeshShape(end_[0] - start_[0] + 1, end_[1] - start_[1] + 1); }
  bool operator==(const MeshCoordinateRange& o) const {
    return start_ == o.start_ && end_ == o.end_;
  }
  std::string str() const {
    return "MeshCoordinateRange(" + start_.str() + ", " + end_.str() + ")";
  }

  // Row-major iteration over the coordinates of the range.
  class Iterator {
   public:
    Iterator(const MeshCoordinateRange* r, uint32_t row, uint32_t col)
        : r_(r), row_(row), col_(col) {}
    MeshCoordinate operator*() const { return MeshCoordinate(row_, col_); }
    Iterator& operator++() {
      if (++col_ > r_->end_[1]) {
        col_ = r_->start_[1];
        ++row_;
      }
      return *this;
    }
    bool operator==(const Iterator& o) const { return row_ == o.row_ && col_ == o.col_; }
    bool operator!=(const Iterator& o) const { return !(*this == o); }

   private:
    const MeshCoordinateRange* r_;
    uint32_t row_, col_;
  };
  Iterator begin() const { return Iterator(this, start_[0], start_[1]); }
  Iterator end() const { return Iterator(this, end_[0] + 1, start_[1]); }

 private:
  MeshCoordinate start_, end_;
};

}  // namespace tt::tt_metal::distributed
