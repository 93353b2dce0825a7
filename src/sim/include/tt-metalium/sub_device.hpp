// Sub-devices (tt-metalium/sub_device.hpp, sub_device_types.hpp): named groups of a device's
// cores. The simulator runs every program on the cores it names, so sub-devices only carry cores.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "tt-metalium/core_coord.hpp"

namespace tt::tt_metal {

enum class HalProgrammableCoreType { TENSIX = 0, ACTIVE_ETH = 1, IDLE_ETH = 2, COUNT = 3 };

struct SubDeviceId {
  uint8_t id = 0;
  constexpr auto operator*() const { return id; }
  constexpr bool operator==(const SubDeviceId&) const = default;
};
struct SubDeviceManagerId {
  uint64_t id = 0;
  constexpr auto operator*() const { return id; }
  constexpr bool operator==(const SubDeviceManagerId&) const = default;
};

class SubDevice {
 public:
  SubDevice(const std::array<CoreRangeSet, 2>& cores) : cores_{cores[0], cores[1], {}} {}
  SubDevice(const std::array<CoreRangeSet, 1>& cores) : cores_{cores[0], {}, {}} {}
  const CoreRangeSet& cores(HalProgrammableCoreType t) const { return cores_[static_cast<int>(t)]; }
  bool has_core_type(HalProgrammableCoreType t) const {
    return !cores_[static_cast<int>(t)].empty();
  }
  uint32_t num_cores(HalProgrammableCoreType t) const {
    return static_cast<uint32_t>(cores_[static_cast<int>(t)].num_cores());
  }

 private:
  std::array<CoreRangeSet, 3> cores_;
};

}  // namespace tt::tt_metal
