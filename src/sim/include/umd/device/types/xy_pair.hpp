// The (x, y) pair of the device driver (umd/device/types/xy_pair.hpp), which TT-Metalium's
// CoreCoord aliases; constexpr so `constexpr CoreCoord core = {0, 0};` compiles as in the SDK.
#pragma once
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace tt::umd {

struct xy_pair {
  constexpr xy_pair() : x{}, y{} {}
  constexpr xy_pair(std::size_t x_, std::size_t y_) : x(x_), y(y_) {}
  std::size_t x;
  std::size_t y;
  std::string str() const { return "(x=" + std::to_string(x) + ",y=" + std::to_string(y) + ")"; }
};

constexpr bool operator==(const xy_pair& a, const xy_pair& b) { return a.x == b.x && a.y == b.y; }
constexpr bool operator!=(const xy_pair& a, const xy_pair& b) { return !(a == b); }
// Row-major order (y first), the order in which the simulator enumerates cores.
constexpr bool operator<(const xy_pair& a, const xy_pair& b) {
  return a.y != b.y ? a.y < b.y : a.x < b.x;
}
inline std::ostream& operator<<(std::ostream& os, const xy_pair& p) { return os << p.str(); }

}  // namespace tt::umd

using tt_xy_pair = tt::umd::xy_pair;

template <>
struct std::hash<tt::umd::xy_pair> {
  std::size_t operator()(const tt::umd::xy_pair& p) const noexcept {
    return std::hash<std::size_t>{}(p.x) * 1000003u ^ std::hash<std::size_t>{}(p.y);
  }
};

template <>
struct fmt::formatter<tt::umd::xy_pair> : fmt::formatter<std::string> {
  template <typename Ctx>
  auto format(const tt::umd::xy_pair& p, Ctx& ctx) const {
    return fmt::formatter<std::string>::format(p.str(), ctx);
  }
};
