// The device handle host programs use (tt-metalium/device.hpp): grid, coordinates, queue.
#pragma once
#include <cstdint>
#include <memory>

#include "tt-metalium/allocator.hpp"
#include "tt-metalium/core_coord.hpp"
#include "tt-metalium/kernel_types.hpp"

namespace ttsim {
class Device;
}

namespace tt {
enum class ARCH { GRAYSKULL = 1, WORMHOLE_B0 = 2, BLACKHOLE = 3, Invalid = 0xff };
}

namespace tt::tt_metal {

using ChipId = int;
using chip_id_t = int;
class CommandQueue;

class IDevice {
 public:
  explicit IDevice(int id);
  // Device `chip` of a simulated mesh (the handles MeshDevice::get_devices returns).
  IDevice(int id, std::shared_ptr<ttsim::Device> mesh, uint32_t chip);
  virtual ~IDevice();
  IDevice(const IDevice&) = delete;
  IDevice& operator=(const IDevice&) = delete;

  int id() const { return id_; }
  tt::ARCH arch() const;
  CoreCoord compute_with_storage_grid_size() const;
  CoreCoord logical_grid_size() const { return compute_with_storage_grid_size(); }
  CoreCoord grid_size() const;  // the whole NoC grid
  CoreCoord worker_core_from_logical_core(const CoreCoord& logical) const;
  CoreCoord virtual_core_from_logical_core(const CoreCoord& logical, const CoreType& type) const;
  CoreCoord logical_core_from_dram_channel(uint32_t channel) const { return {channel, 0}; }
  uint32_t num_dram_channels() const;
  uint32_t dram_size_per_channel() const;
  uint32_t l1_size_per_core() const;
  CommandQueue& command_queue(size_t cq_id = 0);
  bool close();
  bool is_initialized() const { return sim_ != nullptr; }
  // Alignment, bank and base queries of this device's memories.
  const std::unique_ptr<Allocator>& allocator() const;

  // The simulator's device behind this handle (not an SDK call). Buffers hold it weakly, so a
  // buffer released after CloseDevice finds it gone instead of touching freed memory.
  ttsim::Device& sim() const;
  std::weak_ptr<ttsim::Device> sim_handle() const { return sim_; }
  // Which device of the simulated mesh this handle names (row-major; 0 on one device).
  uint32_t chip() const { return chip_; }

 protected:
  // Replaces the simulated device (MeshDevice::create builds its mesh after construction).
  void reset_sim(std::shared_ptr<ttsim::Device> sim) { sim_ = std::move(sim); }

 private:
  int id_;
  uint32_t chip_ = 0;
  std::shared_ptr<ttsim::Device> sim_;
  std::unique_ptr<CommandQueue> cq_;
  mutable std::unique_ptr<Allocator> allocator_;  // created on first allocator()
};

}  // namespace tt::tt_metal
