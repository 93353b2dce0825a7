// Mesh-level host API of the simulator: MeshDevice creation (meshes of up to 32 devices), its
// devices and fabric node ids, command queues, traces, sub-device managers, events, and the
// allocator queries of a device.
#include <stdexcept>
#include <string>

#include "sim/core/device.h"
#include "sim/core/settings.h"
#include "sim/host/settings.h"
#include "sim/numerics/numerics.h"
#include "tt-metalium/allocator.hpp"
#include "tt-metalium/distributed.hpp"
#include "tt-metalium/fabric.hpp"
#include "tt-metalium/system_mesh.hpp"
#include "ttsim/error.hpp"

namespace tt::tt_metal {

// ---- Allocator ---------------------------------------------------------------------------------

uint32_t Allocator::get_alignment(BufferType t) const {
  auto& s = device_->sim().spec();
  return t == BufferType::DRAM ? s.desc->dram_alignment : s.desc->l1_alignment;
}
uint32_t Allocator::get_num_banks(const BufferType& t) const {
  if (t == BufferType::DRAM) {
    return device_->num_dram_channels();
  }
  CoreCoord g = device_->compute_with_storage_grid_size();
  return static_cast<uint32_t>(g.x * g.y);
}
DeviceAddr Allocator::get_bank_size(const BufferType& t) const {
  auto& s = device_->sim().spec();
  return t == BufferType::DRAM ? s.desc->dram_bank_size : s.desc->l1_size - s.desc->l1_reserved;
}
DeviceAddr Allocator::get_base_allocator_addr(const HalMemType& t) const {
  return t == HalMemType::L1 ? device_->sim().spec().desc->l1_reserved : 0;
}

const std::unique_ptr<Allocator>& IDevice::allocator() const {
  if (!allocator_) {
    allocator_ = std::make_unique<Allocator>(this);
  }
  return allocator_;
}

namespace distributed {

// ---- Creation and queues ------------------------------------------------------------------------

std::shared_ptr<MeshDevice> MeshDevice::create(const MeshDeviceConfig& config, size_t, size_t,
                                               size_t num_command_queues,
                                               const DispatchCoreConfig&) {
  const MeshShape& s = config.mesh_shape();
  auto [sys_rows, sys_cols] = ttsim::system_mesh();
  std::string shape = std::to_string(s[0]) + "x" + std::to_string(s[1]);
  std::string system = std::to_string(sys_rows) + "x" + std::to_string(sys_cols);
  if (s.mesh_size() == 0 || s.mesh_size() > ttsim::kMaxMeshDevices) {
    throw SimulatorError("MeshDevice::create: a " + shape + " mesh was requested; the simulator " +
                         "models meshes of 1 to " + std::to_string(ttsim::kMaxMeshDevices) +
                         " devices");
  }
  // With $TTSIM_MESH the simulated system has that shape and a program opens it or a part of it;
  // without, the system is as large as the program asks.
  if (!ttsim::Settings::from_env().mesh.empty() && (s[0] > sys_rows || s[1] > sys_cols)) {
    throw SimulatorError("MeshDevice::create: a " + shape + " mesh was requested but the system " +
                         "mesh is " + system + " (TTSIM_MESH)");
  }
  if (num_command_queues < 1 || num_command_queues > 2) {
    throw SimulatorError("MeshDevice::create: " + std::to_string(num_command_queues) +
                         " command queues requested; a device has 1 or 2");
  }
  auto mesh = std::make_shared<ttsim::Device>(ttsim::selected_arch(), s[0], s[1]);
  auto d = std::make_shared<MeshDevice>(0, std::move(mesh), s[0], s[1]);
  for (size_t i = 1; i < num_command_queues; ++i) {
    d->extra_cqs_.push_back(std::make_unique<MeshCommandQueue>(d.get(), static_cast<uint32_t>(i)));
  }
  return d;
}

std::shared_ptr<MeshDevice> MeshDevice::create_unit_mesh(int device_id, size_t, size_t,
                                                         size_t num_command_queues,
                                                         const DispatchCoreConfig&) {
  if (num_command_queues < 1 || num_command_queues > 2) {
    throw SimulatorError("MeshDevice::create: " + std::to_string(num_command_queues) +
                         " command queues requested; a device has 1 or 2");
  }
  auto d = std::make_shared<MeshDevice>(device_id);
  for (size_t i = 1; i < num_command_queues; ++i) {
    d->extra_cqs_.push_back(std::make_unique<MeshCommandQueue>(d.get(), static_cast<uint32_t>(i)));
  }
  return d;
}

std::map<int, std::shared_ptr<MeshDevice>> MeshDevice::create_unit_meshes(
    const std::vector<int>& ids, size_t l1_small, size_t trace, size_t cqs,
    const DispatchCoreConfig& dc) {
  if (ids.size() != 1) {
    throw SimulatorError("MeshDevice::create_unit_meshes: " + std::to_string(ids.size()) +
                         " devices requested, but unit meshes are simulated one at a time (open "
                         "a mesh with MeshDevice::create(MeshDeviceConfig(MeshShape(r, c))))");
  }
  return {{ids[0], create_unit_mesh(ids[0], l1_small, trace, cqs, dc)}};
}

MeshShape SystemMesh::shape() const {
  auto [rows, cols] = ttsim::system_mesh();
  return MeshShape(rows, cols);
}

uint32_t MeshDevice::chip_index(const MeshShape& shape, const MeshCoordinate& c) {
  if (c.dims() != 2 || c[0] >= shape[0] || c[1] >= shape[1]) {
    throw SimulatorError(c.str() + " is outside the " + std::to_string(shape[0]) + "x" +
                         std::to_string(shape[1]) + " mesh");
  }
  return c[0] * shape[1] + c[1];
}

std::vector<IDevice*> MeshDevice::get_devices() const {
  std::vector<IDevice*> out{const_cast<MeshDevice*>(this)};
  for (auto& d : others_) {
    out.push_back(d.get());
  }
  return out;
}

IDevice* MeshDevice::get_device(const MeshCoordinate& c) const {
  uint32_t i = chip_index(c);
  return i == 0 ? const_cast<MeshDevice*>(this) : others_[i - 1].get();
}

tt::tt_fabric::FabricNodeId MeshDevice::get_fabric_node_id(const MeshCoordinate& c) const {
  return tt::tt_fabric::FabricNodeId(tt::tt_fabric::MeshId{0}, chip_index(c));
}

MeshCommandQueue& MeshDevice::mesh_command_queue(std::optional<uint8_t> cq_id) {
  uint8_t id = cq_id.value_or(0);
  if (id == 0) {
    return *mcq_;
  }
  if (id > extra_cqs_.size()) {
    throw SimulatorError("mesh_command_queue: command queue " + std::to_string(id) +
                         " does not exist (the device was created with " +
                         std::to_string(num_hw_cqs()) + ")");
  }
  return *extra_cqs_[id - 1];
}

MeshEvent MeshCommandQueue::enqueue_record_event(const std::vector<SubDeviceId>&,
                                                 const std::optional<MeshCoordinateRange>& range) {
  return MeshEvent(events_++, device_, id_, range.value_or(MeshCoordinateRange(device_->shape())));
}
MeshEvent MeshCommandQueue::enqueue_record_event_to_host(
    const std::vector<SubDeviceId>& ids, const std::optional<MeshCoordinateRange>& range) {
  return enqueue_record_event(ids, range);
}

// ---- Traces
// ---------------------------------------------------------------------------------------

MeshTraceId BeginTraceCapture(MeshDevice* device, uint8_t cq_id) {
  MeshTraceId id{device->next_trace_++};
  device->begin_mesh_trace(cq_id, id);
  return id;
}

void MeshDevice::begin_mesh_trace(uint8_t cq_id, const MeshTraceId& id) {
  if (capture_) {
    throw SimulatorError("begin_mesh_trace: trace " + std::to_string(capture_->second) +
                         " is still being captured");
  }
  mesh_command_queue(cq_id);  // validates the queue id
  traces_[*id].clear();
  capture_ = std::make_pair(cq_id, *id);
}

void MeshDevice::end_mesh_trace(uint8_t cq_id, const MeshTraceId& id) {
  if (!capture_ || capture_->first != cq_id || capture_->second != *id) {
    throw SimulatorError("end_mesh_trace: trace " + std::to_string(*id) + " on command queue " +
                         std::to_string(cq_id) + " is not being captured");
  }
  capture_.reset();
}

std::vector<MeshWorkload*>* MeshDevice::capturing(uint32_t cq_id) {
  if (!capture_ || capture_->first != cq_id) {
    return nullptr;
  }
  return &traces_[capture_->second];
}

void MeshDevice::replay_mesh_trace(uint8_t cq_id, const MeshTraceId& id, bool blocking) {
  auto it = traces_.find(*id);
  if (it == traces_.end() || (capture_ && capture_->second == *id)) {
    throw SimulatorError("replay_mesh_trace: trace " + std::to_string(*id) +
                         " was not captured (or was released)");
  }
  for (MeshWorkload* w : it->second) {
    EnqueueMeshWorkload(mesh_command_queue(cq_id), *w, blocking);
  }
}

void MeshDevice::release_mesh_trace(const MeshTraceId& id) { traces_.erase(*id); }

SubDeviceManagerId MeshDevice::create_sub_device_manager(const std::vector<SubDevice>&,
                                                         DeviceAddr) {
  return SubDeviceManagerId{next_sub_device_manager_++};
}

}  // namespace distributed
}  // namespace tt::tt_metal

void tt::datum_size_error(tt::DataFormat format) {
  throw std::invalid_argument("datum_size: format " + std::to_string(static_cast<int>(format)) +
                              " has no fixed element size (block-float, TF32 or invalid)");
}

// The numerics know the formats the compute engine takes (float, block-float, Int32/UInt32); the
// other integer formats (data-movement only) are whole datums.
uint32_t tt::tile_size(tt::DataFormat format) {
  if (uint32_t n = ttsim::num::tile_size_bytes(format)) {
    return n;
  }
  switch (format) {
    case tt::DataFormat::Int32:
    case tt::DataFormat::UInt32:
      return 4096;
    case tt::DataFormat::UInt16:
      return 2048;
    case tt::DataFormat::Int8:
    case tt::DataFormat::UInt8:
      return 1024;
    default:
      throw tt::tt_metal::SimulatorError("tile_size: unsupported data format");
  }
}
