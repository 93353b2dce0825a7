// MeshDevice (tt-metalium/mesh_device.hpp). The simulator models a 1x1 mesh of one simulated
// device: create() with any larger shape fails with a message saying so. Command queues are
// synchronous; traces record the workloads enqueued between begin and end and replay them.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "tt-metalium/device.hpp"
#include "tt-metalium/dispatch_core_common.hpp"
#include "tt-metalium/mesh_config.hpp"
#include "tt-metalium/mesh_coord.hpp"
#include "tt-metalium/mesh_trace_id.hpp"
#include "tt-metalium/sub_device.hpp"

namespace tt::tt_metal::distributed {

class MeshCommandQueue;
class MeshWorkload;

class MeshDevice : public IDevice {
 public:
  explicit MeshDevice(int id);
  ~MeshDevice() override;

  static std::shared_ptr<MeshDevice> create(const MeshDeviceConfig& config,
                                            size_t l1_small_size = 0, size_t trace_region_size = 0,
                                            size_t num_command_queues = 1,
                                            const DispatchCoreConfig& dispatch_core_config = {});
  static std::shared_ptr<MeshDevice> create_unit_mesh(int device_id, size_t l1_small_size = 0,
                                                      size_t trace_region_size = 0,
                                                      size_t num_command_queues = 1,
                                                      const DispatchCoreConfig& = {});
  static std::map<int, std::shared_ptr<MeshDevice>> create_unit_meshes(
      const std::vector<int>& device_ids, size_t l1_small_size = 0, size_t trace_region_size = 0,
      size_t num_command_queues = 1, const DispatchCoreConfig& = {});
  MeshCommandQueue& mesh_command_queue(std::optional<uint8_t> cq_id = std::nullopt);
  uint8_t num_hw_cqs() const { return static_cast<uint8_t>(1 + extra_cqs_.size()); }
  MeshShape shape() const { return MeshShape(1, 1); }
  size_t num_devices() const { return 1; }
  size_t num_rows() const { return 1; }
  size_t num_cols() const { return 1; }
  std::vector<IDevice*> get_devices() { return {this}; }
  IDevice* get_device(const MeshCoordinate&) { return this; }
  bool close();

  // Traces: workloads enqueued on cq_id between begin and end are recorded, not run.
  void begin_mesh_trace(uint8_t cq_id, const MeshTraceId& trace_id);
  void end_mesh_trace(uint8_t cq_id, const MeshTraceId& trace_id);
  void replay_mesh_trace(uint8_t cq_id, const MeshTraceId& trace_id, bool blocking);
  void release_mesh_trace(const MeshTraceId& trace_id);
  // The workload list of the trace being captured on cq_id, if any (used by EnqueueMeshWorkload).
  std::vector<MeshWorkload*>* capturing(uint32_t cq_id);

  // Sub-devices are accepted; every program runs on the cores it names.
  SubDeviceManagerId create_sub_device_manager(const std::vector<SubDevice>& sub_devices,
                                               DeviceAddr local_l1_size);
  void load_sub_device_manager(SubDeviceManagerId) {}
  void clear_loaded_sub_device_manager() {}
  void remove_sub_device_manager(SubDeviceManagerId) {}

 private:
  std::unique_ptr<MeshCommandQueue> mcq_;
  std::vector<std::unique_ptr<MeshCommandQueue>> extra_cqs_;
  std::map<uint32_t, std::vector<MeshWorkload*>> traces_;
  std::optional<std::pair<uint8_t, uint32_t>> capture_;  // (cq, trace) being captured
  uint32_t next_trace_ = 0;
  uint64_t next_sub_device_manager_ = 1;
  friend MeshTraceId BeginTraceCapture(MeshDevice*, uint8_t);
};

MeshTraceId BeginTraceCapture(MeshDevice* device, uint8_t cq_id);
inline void EndTraceCapture(MeshDevice* device, uint8_t cq_id, const MeshTraceId& trace_id) {
  device->end_mesh_trace(cq_id, trace_id);
}
inline void ReplayTrace(MeshDevice* device, uint8_t cq_id, const MeshTraceId& trace_id,
                        bool blocking) {
  device->replay_mesh_trace(cq_id, trace_id, blocking);
}
inline void ReleaseTrace(MeshDevice* device, const MeshTraceId& trace_id) {
  device->release_mesh_trace(trace_id);
}

}  // namespace tt::tt_metal::distributed
