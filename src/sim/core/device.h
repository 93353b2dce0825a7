// The simulated devices of one mesh (one chip, or R x C chips of one architecture): the worker
// cores' L1 (regions of one memfd, the running core mapped at the fixed L1 window so that device
// L1 addresses are host addresses), DRAM banks as host memory, and the DRAM/L1 buffer allocators.
// Cores and DRAM banks are numbered across chips (chip * per-chip count + local index), so one
// engine runs the programs of all chips together; allocations are lock-step across chips, as
// TT-Metalium's mesh allocator makes them (a mesh buffer has one address on every device).
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "sim/arch/arch.h"
#include "sim/timing/run_log.h"

namespace ttsim {

// L1 layout shared by all cores (addresses are device L1 byte addresses).
struct L1Layout {
  static constexpr uint32_t kFirmwareEnd = 64 * 1024;  // below: "firmware", never mapped
  static constexpr uint32_t kArgsBase = kFirmwareEnd;  // unique args: 3 RISCs x 2 KiB
  static constexpr uint32_t kArgsStride = 2048;
  static constexpr uint32_t kCommonArgsBase = kArgsBase + 3 * kArgsStride;
  static constexpr uint32_t kSemBase = kCommonArgsBase + 3 * kArgsStride;
  static constexpr uint32_t kNumSems = 16;
  static constexpr uint32_t kSemStride = 16;
  // End of the config region; the description's reserved region (ArchSpec::l1_reserved, where
  // circular buffers and L1 buffers may start) must cover it.
  // Fabric packet header slots (PacketHeaderPool), above the semaphores.
  static constexpr uint32_t kPacketHeaderBase = kSemBase + kNumSems * kSemStride;
  static constexpr uint32_t kPacketHeaderSize = 64;
  static constexpr uint32_t kNumPacketHeaders = 16;
  static constexpr uint32_t kConfigEnd = kPacketHeaderBase + kNumPacketHeaders * kPacketHeaderSize;
  static constexpr uint32_t kMaxRuntimeArgs = 341;
};

class Device {
 public:
  // A rows x cols mesh of chips of `arch` (1x1: one device).
  explicit Device(Arch arch, uint32_t rows = 1, uint32_t cols = 1);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const ArchSpec& spec() const { return spec_; }
  uint32_t chips() const { return chips_; }
  uint32_t mesh_rows() const { return rows_; }
  uint32_t mesh_cols() const { return cols_; }
  uint32_t cores_per_chip() const { return spec_.num_workers(); }
  uint32_t banks_per_chip() const { return spec_.num_dram_banks(); }
  uint32_t num_cores() const { return chips_ * cores_per_chip(); }  // of all chips
  uint32_t chip_of(uint32_t core) const { return core / cores_per_chip(); }
  uint32_t core_base(uint32_t chip) const { return chip * cores_per_chip(); }
  uint32_t l1_size() const { return spec_.desc->l1_size; }
  // Logical and physical coordinates inside the core's own chip.
  XY logical_of(uint32_t core) const {
    uint32_t c = core % cores_per_chip();
    return {c % spec_.grid_x(), c / spec_.grid_x()};
  }
  XY physical_of(uint32_t core) const {
    XY l = logical_of(core);
    return {spec_.desc->worker_x[l.x], spec_.desc->worker_y[l.y]};
  }
  // Core index of a logical coordinate on chip 0 (add core_base(chip) for another chip).
  uint32_t core_index(uint32_t lx, uint32_t ly) const { return ly * spec_.grid_x() + lx; }
  // Chip-local core index of a physical worker coordinate, or -1.
  int core_of_physical(uint32_t x, uint32_t y) const;
  // Chip-local DRAM bank reached at physical (x, y) with local offset `off` (view decoding), or
  // -1; `bank_off` receives the offset inside the bank.
  int dram_bank_of(uint32_t x, uint32_t y, uint64_t off, uint64_t* bank_off) const;

  // Simulator-internal access (through the memfd's own mapping, not the window).
  uint8_t* l1(uint32_t core) { return l1_base_ + static_cast<size_t>(core) * spec_.desc->l1_size; }
  uint8_t* dram(uint32_t bank) { return dram_[bank]; }  // bank numbered across chips

  // Makes `core`'s L1 the one at the fixed window (mapped on first access, see device.cc).
  void map_window(uint32_t core);
  void unmap_window();
  // SIGSEGV hook: maps the current core's L1 when `addr` lies in the unmapped window.
  bool window_fault(uintptr_t addr);

  // Lock-step allocators: one address range reserved on every bank. Return 0 when full.
  uint64_t alloc_dram(uint64_t per_bank_size);
  void free_dram(uint64_t addr);
  uint32_t alloc_l1(uint32_t per_bank_size);  // top-down
  void free_l1(uint32_t addr);
  // True when [off, off+size) lies inside one live DRAM allocation.
  bool dram_allocated(uint64_t off, uint64_t size) const;
  uint32_t l1_buffer_floor() const;  // lowest address of any L1 buffer (l1_size if none)
  std::string describe_dram_allocations() const;

  // The record of the programs run on this device (all chips of a mesh): last run, totals,
  // accumulated trace. Each device has its own, so devices share no counters.
  timing::RunLog& log() { return log_; }
  const timing::RunLog& log() const { return log_; }

 private:
  ArchSpec spec_;
  uint32_t rows_ = 1, cols_ = 1, chips_ = 1;
  int memfd_ = -1;
  uint8_t* l1_base_ = nullptr;
  size_t l1_total_ = 0;
  uint8_t** dram_ = nullptr;
  void reserve_window();
  int window_core_ = -1;
  bool window_mapped_ = false;
  std::map<uint64_t, uint64_t> dram_allocs_;  // addr -> size
  std::map<uint32_t, uint32_t> l1_allocs_;
  timing::RunLog log_;
};

}  // namespace ttsim
