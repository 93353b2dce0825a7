// The TT-Metalium host API (tt-metalium/host_api.hpp) as the simulator implements it: devices,
// programs, kernels, circular buffers, semaphores, runtime args, buffers and enqueue calls.
#pragma once
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "hostdevcommon/common_values.hpp"
#include "hostdevcommon/kernel_structs.h"
#include "tt-metalium/assert.hpp"
#include "tt-metalium/base_types.hpp"
#include "tt-metalium/bfloat16.hpp"
#include "tt-metalium/buffer.hpp"
#include "tt-metalium/circular_buffer_config.hpp"
#include "tt-metalium/command_queue.hpp"
#include "tt-metalium/constants.hpp"
#include "tt-metalium/core_coord.hpp"
#include "tt-metalium/device.hpp"
#include "tt-metalium/kernel_types.hpp"
#include "tt-metalium/program.hpp"
#include "tt-metalium/tt_backend_api_types.hpp"
#include "ttsim/error.hpp"
#include "ttsim/unsupported.h"

namespace tt::tt_metal {

using CoreSpec = std::variant<CoreCoord, CoreRange, CoreRangeSet>;
using KernelConfig = std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>;

IDevice* CreateDevice(ChipId device_id, uint8_t num_hw_cqs = 1, size_t l1_small_size = 0,
                      size_t trace_region_size = 0);
bool CloseDevice(IDevice* device);
size_t GetNumAvailableDevices();
// Simulated devices are PCIe-attached single chips, never a Galaxy system.
inline size_t GetNumPCIeDevices() { return GetNumAvailableDevices(); }
inline bool IsGalaxyCluster() { return false; }

Program CreateProgram();

KernelHandle CreateKernel(Program& program, const std::string& file_name, const CoreSpec& core_spec,
                          const KernelConfig& config);
KernelHandle CreateKernelFromString(Program& program, const std::string& kernel_src_code,
                                    const CoreSpec& core_spec, const KernelConfig& config);

// Ethernet cores are not simulated: a kernel for one is refused where the program is compiled
// (this exact-match overload wins over the conversion to KernelConfig).
template <std::same_as<EthernetConfig> Config>
KernelHandle CreateKernel(Program&, const std::string&, const CoreSpec&, const Config&) {
  TTSIM_UNSUPPORTED(Config, "CreateKernel(..., EthernetConfig)",
                    "Ethernet cores are not simulated");
  return 0;
}

CBHandle CreateCircularBuffer(Program& program, const CoreSpec& core_spec,
                              const CircularBufferConfig& config);
void UpdateDynamicCircularBufferAddress(Program& program, CBHandle cb, const Buffer& buffer);
// Resize a circular buffer (every index of its config) or one index's pages; the next enqueue of
// the program lays the CBs out again.
void UpdateCircularBufferTotalSize(Program& program, CBHandle cb_handle, uint32_t total_size);
void UpdateCircularBufferPageSize(Program& program, CBHandle cb_handle, uint8_t buffer_index,
                                  uint32_t page_size);
void UpdateDynamicCircularBufferAddressAndTotalSize(Program& program, CBHandle cb_handle,
                                                    const Buffer& buffer, uint32_t total_size);
// Keeps `buffer` allocated for as long as `program` exists.
void AssignGlobalBufferToProgram(const std::shared_ptr<Buffer>& buffer, Program& program);
// Each simulated device is its own PCIe device.
inline ChipId GetPCIeDeviceID(ChipId device_id) { return device_id; }

// Refused at compile time: what they manage is not simulated.
template <typename... A>
IDevice* CreateDeviceMinimal(A&&...) {
  TTSIM_UNSUPPORTED(A..., "CreateDeviceMinimal",
                    "a device without dispatch firmware (for low-level bring-up) is not simulated; "
                    "use CreateDevice or MeshDevice::create_unit_mesh");
  return nullptr;
}
template <typename... A>
int CreateGlobalSemaphore(A&&...) {
  TTSIM_UNSUPPORTED(A..., "CreateGlobalSemaphore",
                    "global (cross-program) semaphores are not simulated");
  return 0;
}
template <typename... A>
void LightMetalBeginCapture(A&&...) {
  TTSIM_UNSUPPORTED(A..., "LightMetalBeginCapture", "Light Metal capture is not simulated");
}
template <typename... A>
int LightMetalEndCapture(A&&...) {
  TTSIM_UNSUPPORTED(A..., "LightMetalEndCapture", "Light Metal capture is not simulated");
  return 0;
}
template <typename... A>
void ReadMeshDeviceProfilerResults(A&&...) {
  TTSIM_UNSUPPORTED(A..., "ReadMeshDeviceProfilerResults",
                    "the device profiler is not simulated (the run report gives cycle counts)");
}
template <typename T = void>
void PushCurrentCommandQueueIdForThread(uint8_t) {
  TTSIM_UNSUPPORTED(T, "PushCurrentCommandQueueIdForThread",
                    "per-thread default command queues are not simulated; name the queue");
}
template <typename T = void>
uint8_t PopCurrentCommandQueueIdForThread() {
  TTSIM_UNSUPPORTED(T, "PopCurrentCommandQueueIdForThread",
                    "per-thread default command queues are not simulated; name the queue");
  return 0;
}
template <typename T = void>
uint8_t GetCurrentCommandQueueIdForThread() {
  TTSIM_UNSUPPORTED(T, "GetCurrentCommandQueueIdForThread",
                    "per-thread default command queues are not simulated; name the queue");
  return 0;
}

uint32_t CreateSemaphore(Program& program, const std::variant<CoreRange, CoreRangeSet>& core_spec,
                         uint32_t initial_value, CoreType core_type = CoreType::WORKER);

void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::span<const uint32_t> runtime_args);
void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::initializer_list<uint32_t> runtime_args);
void SetRuntimeArgs(const Program& program, KernelHandle kernel,
                    const std::vector<CoreCoord>& cores,
                    const std::vector<std::vector<uint32_t>>& runtime_args);
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel,
                          std::span<const uint32_t> runtime_args);
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel,
                          std::initializer_list<uint32_t> runtime_args);
RuntimeArgsData& GetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreCoord& core);
RuntimeArgsData& GetCommonRuntimeArgs(const Program& program, KernelHandle kernel);

// ---- Era-A command queue ------------------------------------------------------------------------

void EnqueueWriteBuffer(CommandQueue& cq, Buffer& buffer, const void* src, bool blocking);
void EnqueueReadBuffer(CommandQueue& cq, Buffer& buffer, void* dst, bool blocking);
inline void EnqueueWriteBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer,
                               const void* src, bool blocking) {
  EnqueueWriteBuffer(cq, *buffer, src, blocking);
}
inline void EnqueueReadBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, void* dst,
                              bool blocking) {
  EnqueueReadBuffer(cq, *buffer, dst, blocking);
}
template <typename T>
void EnqueueWriteBuffer(CommandQueue& cq, Buffer& buffer, const std::vector<T>& src,
                        bool blocking) {
  if (src.size() * sizeof(T) < buffer.size()) {
    throw SimulatorError("EnqueueWriteBuffer: source holds " +
                         std::to_string(src.size() * sizeof(T)) + " bytes but the buffer is " +
                         std::to_string(buffer.size()));
  }
  EnqueueWriteBuffer(cq, buffer, static_cast<const void*>(src.data()), blocking);
}
template <typename T>
void EnqueueWriteBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer,
                        const std::vector<T>& src, bool blocking) {
  EnqueueWriteBuffer(cq, *buffer, src, blocking);
}
template <typename T>
void EnqueueReadBuffer(CommandQueue& cq, Buffer& buffer, std::vector<T>& dst, bool blocking) {
  dst.resize((buffer.size() + sizeof(T) - 1) / sizeof(T));
  EnqueueReadBuffer(cq, buffer, static_cast<void*>(dst.data()), blocking);
}
template <typename T>
void EnqueueReadBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, std::vector<T>& dst,
                       bool blocking) {
  EnqueueReadBuffer(cq, *buffer, dst, blocking);
}
void EnqueueProgram(CommandQueue& cq, Program& program, bool blocking);
void Finish(CommandQueue& cq);

namespace detail {
// Slow-dispatch helpers of the SDK (tt_metal/detail/tt_metal.hpp).
void LaunchProgram(IDevice* device, Program& program, bool wait_until_cores_done = true);
void WriteToBuffer(Buffer& buffer, const std::vector<uint32_t>& host_buffer);
void ReadFromBuffer(Buffer& buffer, std::vector<uint32_t>& host_buffer);
bool WriteToDeviceL1(IDevice* device, const CoreCoord& logical_core, uint32_t address,
                     const std::vector<uint32_t>& host_buffer);
bool ReadFromDeviceL1(IDevice* device, const CoreCoord& logical_core, uint32_t address,
                      uint32_t size, std::vector<uint32_t>& host_buffer);
}  // namespace detail

}  // namespace tt::tt_metal
