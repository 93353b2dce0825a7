// MeshCommandQueue (tt-metalium/mesh_command_queue.hpp): synchronous in the simulator, so every
// command has completed when its call returns; events record that point and are always reached.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "tt-metalium/mesh_coord.hpp"
#include "tt-metalium/sub_device.hpp"

namespace tt::tt_metal::distributed {

class MeshDevice;

class MeshEvent {
 public:
  MeshEvent(uint32_t id, MeshDevice* device, uint32_t cq_id, const MeshCoordinateRange& range)
      : id_(id), device_(device), cq_id_(cq_id), range_(range) {}
  uint32_t id() const { return id_; }
  MeshDevice* device() const { return device_; }
  uint32_t mesh_cq_id() const { return cq_id_; }
  const MeshCoordinateRange& device_range() const { return range_; }

 private:
  uint32_t id_;
  MeshDevice* device_;
  uint32_t cq_id_;
  MeshCoordinateRange range_;
};

class MeshCommandQueue {
 public:
  explicit MeshCommandQueue(MeshDevice* device, uint32_t id = 0) : device_(device), id_(id) {}
  MeshDevice* device() const { return device_; }
  uint32_t id() const { return id_; }
  MeshEvent enqueue_record_event(const std::vector<SubDeviceId>& sub_device_ids = {},
                                 const std::optional<MeshCoordinateRange>& range = std::nullopt);
  MeshEvent enqueue_record_event_to_host(
      const std::vector<SubDeviceId>& sub_device_ids = {},
      const std::optional<MeshCoordinateRange>& range = std::nullopt);
  void enqueue_wait_for_event(const MeshEvent&) {}
  void finish(const std::vector<SubDeviceId>& = {}) {}

 private:
  MeshDevice* device_;
  uint32_t id_;
  uint32_t events_ = 0;
};

inline MeshEvent EnqueueRecordEvent(
    MeshCommandQueue& cq, const std::vector<SubDeviceId>& sub_device_ids = {},
    const std::optional<MeshCoordinateRange>& range = std::nullopt) {
  return cq.enqueue_record_event(sub_device_ids, range);
}
inline MeshEvent EnqueueRecordEventToHost(
    MeshCommandQueue& cq, const std::vector<SubDeviceId>& sub_device_ids = {},
    const std::optional<MeshCoordinateRange>& range = std::nullopt) {
  return cq.enqueue_record_event_to_host(sub_device_ids, range);
}
inline void EnqueueWaitForEvent(MeshCommandQueue& cq, const MeshEvent& event) {
  cq.enqueue_wait_for_event(event);
}
inline void EventSynchronize(const MeshEvent&) {}
inline bool EventQuery(const MeshEvent&) { return true; }

}  // namespace tt::tt_metal::distributed
