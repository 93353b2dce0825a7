// The era-A command queue (tt-metalium/command_queue.hpp): operations run synchronously in the
// simulator, so blocking and non-blocking calls behave the same.
#pragma once
#include <cstdint>

namespace tt::tt_metal {

class IDevice;

class CommandQueue {
 public:
  explicit CommandQueue(IDevice* device) : device_(device) {}
  IDevice* device() const { return device_; }
  uint32_t id() const { return 0; }

 private:
  IDevice* device_;
};

}  // namespace tt::tt_metal
