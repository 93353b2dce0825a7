// IDevice / MeshDevice: open a simulated device of the selected architecture.
#include "tt-metalium/device.hpp"

#include <memory>

#include "sim/core/device.h"
#include "sim/host/settings.h"
#include "tt-metalium/command_queue.hpp"
#include "tt-metalium/distributed.hpp"
#include "tt-metalium/host_api.hpp"

namespace tt::tt_metal {

IDevice::IDevice(int id) : id_(id) {
  if (id != 0) {
    throw SimulatorError("device " + std::to_string(id) +
                         " does not exist: the simulator provides one device (id 0)");
  }
  sim_ = std::make_shared<ttsim::Device>(ttsim::selected_arch());
  cq_ = std::make_unique<CommandQueue>(this);
}

IDevice::IDevice(int id, std::shared_ptr<ttsim::Device> mesh, uint32_t chip)
    : id_(id), chip_(chip), sim_(std::move(mesh)) {
  cq_ = std::make_unique<CommandQueue>(this);
}

IDevice::~IDevice() = default;

ttsim::Device& IDevice::sim() const {
  if (!sim_) {
    throw SimulatorError("device " + std::to_string(id_) + " is closed");
  }
  return *sim_;
}

tt::ARCH IDevice::arch() const {
  return sim().spec().arch == ttsim::Arch::Blackhole ? tt::ARCH::BLACKHOLE : tt::ARCH::WORMHOLE_B0;
}

CoreCoord IDevice::compute_with_storage_grid_size() const {
  return {sim().spec().grid_x(), sim().spec().grid_y()};
}

CoreCoord IDevice::grid_size() const {
  return {sim().spec().desc->noc_x, sim().spec().desc->noc_y};
}

CoreCoord IDevice::worker_core_from_logical_core(const CoreCoord& l) const {
  const auto& s = sim().spec();
  if (l.x >= s.grid_x() || l.y >= s.grid_y()) {
    throw SimulatorError("worker_core_from_logical_core: core " + l.str() + " is outside the " +
                         std::to_string(s.grid_x()) + "x" + std::to_string(s.grid_y()) +
                         " worker grid of " + s.name());
  }
  return {s.desc->worker_x[l.x], s.desc->worker_y[l.y]};
}

CoreCoord IDevice::virtual_core_from_logical_core(const CoreCoord& l, const CoreType& type) const {
  if (type == CoreType::DRAM) {
    ttsim::XY xy = sim().spec().dram_bank_xy(static_cast<uint32_t>(l.x));
    return {xy.x, xy.y};
  }
  return worker_core_from_logical_core(l);
}

uint32_t IDevice::num_dram_channels() const { return sim().spec().num_dram_banks(); }
uint32_t IDevice::dram_size_per_channel() const {
  return static_cast<uint32_t>(std::min<uint64_t>(sim().spec().desc->dram_bank_size, 0xffffffffu));
}
uint32_t IDevice::l1_size_per_core() const { return sim().spec().desc->l1_size; }

CommandQueue& IDevice::command_queue(size_t) { return *cq_; }

bool IDevice::close() {
  sim_.reset();
  return true;
}

IDevice* CreateDevice(ChipId device_id, uint8_t, size_t, size_t) { return new IDevice(device_id); }

bool CloseDevice(IDevice* device) {
  if (!device) {
    return false;
  }
  device->close();
  delete device;
  return true;
}

// The devices of the simulated system mesh ($TTSIM_MESH); CreateDevice opens device 0 alone.
size_t GetNumAvailableDevices() {
  auto [rows, cols] = ttsim::system_mesh();
  return size_t(rows) * cols;
}

namespace distributed {

MeshDevice::MeshDevice(int id) : IDevice(id), mcq_(std::make_unique<MeshCommandQueue>(this)) {}

MeshDevice::MeshDevice(int id, std::shared_ptr<ttsim::Device> mesh, uint32_t rows, uint32_t cols)
    : IDevice(id, mesh, 0),
      rows_(rows),
      cols_(cols),
      mcq_(std::make_unique<MeshCommandQueue>(this)) {
  for (uint32_t i = 1; i < rows * cols; ++i) {
    others_.push_back(std::make_unique<IDevice>(static_cast<int>(i), mesh, i));
  }
}

MeshDevice::~MeshDevice() = default;

bool MeshDevice::close() {
  for (auto& d : others_) {
    d->close();
  }
  return IDevice::close();
}

}  // namespace distributed
}  // namespace tt::tt_metal
