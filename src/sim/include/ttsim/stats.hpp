// Timing results of simulated programs (issue #6): device cycles and time, per-core/per-RISC busy
// time and stalls by cause, FLOP/s, DRAM bandwidth, matrix-engine utilization.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tt::tt_metal {
class IDevice;
}

namespace ttsim {

struct RiscRunStats {
  std::string name;    // BRISC, NCRISC, TRISC0 (unpack), TRISC1 (math), TRISC2 (pack)
  std::string kernel;  // kernel file name
  uint64_t start_cycle = 0, end_cycle = 0, busy_cycles = 0;
  uint64_t stall_cb = 0, stall_noc = 0, stall_semaphore = 0, stall_compute = 0;
};

struct CoreRunStats {
  uint32_t device = 0;    // the core's device in the mesh (row-major index; 0 on one device)
  uint32_t x = 0, y = 0;  // logical core coordinate
  std::vector<RiscRunStats> riscs;
  uint64_t matrix_cycles = 0;  // ideal matrix-engine cycles of this core's matmuls
  double utilization = 0;      // matrix_cycles / device cycles
};

// One device of a mesh: the cycle its last kernel ended and the NoC traffic its cores issued.
struct DeviceRunStats {
  uint32_t device = 0;  // row-major index in the mesh
  uint32_t row = 0, col = 0;
  uint64_t end_cycle = 0;
  uint64_t noc_bytes = 0;
  uint32_t cores = 0;  // cores that ran a kernel
};

// One direction of one Ethernet link between two devices of a mesh (fabric traffic).
struct LinkRunStats {
  uint32_t from = 0, to = 0, link = 0;  // devices (row-major indices) and the link of the pair
  uint64_t bytes = 0, packets = 0, busy_cycles = 0;
  double utilization = 0;  // busy_cycles / device cycles
};

struct RunStats {
  std::string device;
  double clock_mhz = 0;
  double peak_dram_bytes_per_cycle = 0;  // all DRAM banks at their sustained rate (roofline)
  uint64_t programs = 0;
  uint64_t device_cycles = 0;
  double device_time_us = 0;
  uint64_t flops = 0;
  double flops_per_second = 0;
  uint64_t dram_read_bytes = 0, dram_write_bytes = 0, dram_bytes = 0;
  double dram_bytes_per_second = 0;
  uint64_t noc_bytes = 0, noc_transfers = 0;
  // NoC traffic by distance: each transfer's bytes times the directed links they crossed (a
  // multicast's tree counted once), the measure of how local a program's data movement is.
  uint64_t noc_link_bytes = 0;
  uint64_t matrix_cycles = 0;     // ideal matrix-engine cycles of all matmuls
  uint32_t compute_cores = 0;     // cores that ran a compute kernel
  double matrix_utilization = 0;  // matrix_cycles / (device_cycles * compute_cores)
  uint64_t tile_ops = 0;          // compute ops executed (simulator speed denominator)
  bool timing_only = false;
  std::vector<CoreRunStats> cores;      // cores that ran a kernel, in index order
  std::vector<DeviceRunStats> devices;  // every device of the mesh
  std::vector<LinkRunStats> links;      // Ethernet link directions that carried fabric packets
  uint64_t fabric_bytes = 0;            // payload bytes sent over the fabric
  // What the hardware allows but is likely a mistake (e.g. get_read_ptr before cb_wait_front),
  // each distinct message once; TTSIM_STRICT=1 turns these into errors instead.
  std::vector<std::string> warnings;
};

// The last program run on `device` (a device or a mesh device: the handle the program was
// enqueued on, or any device of its mesh), and the sum over all programs run on it since it was
// opened or reset (cores merged by coordinate). Both are empty before its first run. Each device
// keeps its own record: two devices of one process share no counters.
const RunStats& last_run_stats(const tt::tt_metal::IDevice& device);
const RunStats& device_run_stats(const tt::tt_metal::IDevice& device);
// Forgets the device's totals and accumulated trace (its next program starts at cycle 0).
void reset_run_stats(const tt::tt_metal::IDevice& device);

// The statistics of the programs run on this thread while it lives, on any device: for tools that
// run a host program which opens and closes its own devices (the device's record goes with it).
// Captures nest; each one sees every run of its lifetime.
class RunCapture {
 public:
  RunCapture();
  ~RunCapture();
  RunCapture(const RunCapture&) = delete;
  RunCapture& operator=(const RunCapture&) = delete;

  const RunStats& last() const { return last_; }    // empty before the first run
  const RunStats& total() const { return total_; }  // the sum over the runs captured
  // Called by the host API after each run on this thread (not for programs).
  static void record(const RunStats& run);

 private:
  RunCapture* outer_;
  RunStats last_, total_;
};

// The JSON document TTSIM_STATS_FILE receives.
std::string run_stats_json(const RunStats& stats);

}  // namespace ttsim
