// MeshCommandQueue (tt-metalium/mesh_command_queue.hpp): synchronous in the simulator.
#pragma once
#include <cstdint>

namespace tt::tt_metal::distributed {

class MeshDevice;

class MeshCommandQueue {
 public:
  explicit MeshCommandQueue(MeshDevice* device) : device_(device) {}
  MeshDevice* device() const { return device_; }
  uint32_t id() const { return 0; }

 private:
  MeshDevice* device_;
};

}  // namespace tt::tt_metal::distributed
