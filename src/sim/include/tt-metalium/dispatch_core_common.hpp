// Dispatch core selection (tt-metalium/dispatch_core_common.hpp). The simulator dispatches from
// the host, so the choice is accepted and has no effect.
#pragma once
#include <cstdint>

namespace tt::tt_metal {
enum class DispatchCoreType : uint32_t { WORKER, ETH, COUNT };
enum class DispatchCoreAxis { ROW, COL, COUNT };
class DispatchCoreConfig {
 public:
  DispatchCoreConfig() = default;
  DispatchCoreConfig(DispatchCoreType type) : type_(type) {}
  DispatchCoreConfig(DispatchCoreType type, DispatchCoreAxis axis) : type_(type), axis_(axis) {}
  DispatchCoreType get_dispatch_core_type() const { return type_; }
  DispatchCoreAxis get_dispatch_core_axis() const { return axis_; }

 private:
  DispatchCoreType type_ = DispatchCoreType::WORKER;
  DispatchCoreAxis axis_ = DispatchCoreAxis::ROW;
};
}  // namespace tt::tt_metal
