// MeshDevice (tt-metalium/mesh_device.hpp): a unit mesh of one simulated device.
#pragma once
#include <memory>
#include <vector>

#include "tt-metalium/device.hpp"
#include "tt-metalium/mesh_coord.hpp"

namespace tt::tt_metal::distributed {

class MeshCommandQueue;

class MeshDevice : public IDevice {
 public:
  explicit MeshDevice(int id);
  ~MeshDevice() override;

  static std::shared_ptr<MeshDevice> create_unit_mesh(int device_id, size_t l1_small_size = 0,
                                                      size_t trace_region_size = 0,
                                                      size_t num_command_queues = 1);
  MeshCommandQueue& mesh_command_queue(size_t cq_id = 0);
  MeshShape shape() const { return MeshShape(1, 1); }
  size_t num_devices() const { return 1; }
  size_t num_rows() const { return 1; }
  size_t num_cols() const { return 1; }
  std::vector<IDevice*> get_devices() { return {this}; }
  IDevice* get_device(const MeshCoordinate&) { return this; }
  bool close();

 private:
  std::unique_ptr<MeshCommandQueue> mcq_;
};

}  // namespace tt::tt_metal::distributed
