// MeshDevice (tt-metalium/mesh_device.hpp): a rows x cols mesh of simulated devices of the
// selected architecture joined by Ethernet links (1x1 is one device; $TTSIM_MESH sets the system
// mesh). The mesh handle is also device (0, 0); get_device(coord) names the others. Command queues
// are synchronous; traces record the workloads enqueued between begin and end and replay them.
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
}  // namespace tt::tt_metal::distributed

namespace tt::tt_fabric {
class FabricNodeId;
}

namespace tt::tt_metal::distributed {

class MeshDevice : public IDevice {
 public:
  explicit MeshDevice(int id);
  // The mesh of `rows` x `cols` devices `mesh` simulates.
  MeshDevice(int id, std::shared_ptr<ttsim::Device> mesh, uint32_t rows, uint32_t cols);
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
  MeshShape shape() const { return MeshShape(rows_, cols_); }
  size_t num_devices() const { return size_t(rows_) * cols_; }
  size_t num_rows() const { return rows_; }
  size_t num_cols() const { return cols_; }
  std::vector<IDevice*> get_devices() const;  // row-major
  IDevice* get_device(const MeshCoordinate& coord) const;
  IDevice* get_device(size_t row, size_t col) const { return get_device(MeshCoordinate(row, col)); }
  // The fabric's name of the device at `coord` (tt-metalium/fabric.hpp).
  tt::tt_fabric::FabricNodeId get_fabric_node_id(const MeshCoordinate& coord) const;
  // Row-major index of `coord` (an error outside the mesh).
  uint32_t chip_index(const MeshCoordinate& coord) const { return chip_index(shape(), coord); }
  // The same for a mesh of `shape` (row-major), for objects that outlive their mesh.
  static uint32_t chip_index(const MeshShape& shape, const MeshCoordinate& coord);
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
  uint32_t rows_ = 1, cols_ = 1;
  std::vector<std::unique_ptr<IDevice>> others_;  // devices 1.. of the mesh (0 is this handle)
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
