// Host dataflow buffers (tt-metalium/experimental/dataflow_buffer/dataflow_buffer.hpp): on
// Wormhole and Blackhole each DFB is one circular buffer of num_entries entry-sized pages.
#include "tt-metalium/experimental/dataflow_buffer/dataflow_buffer.hpp"

#include <string>

#include "sim/host/program_state.h"
#include "tt-metalium/hal.hpp"
#include "tt-metalium/host_api.hpp"
#include "ttsim/error.hpp"

namespace tt::tt_metal::experimental::dfb {

uint32_t CreateDataflowBuffer(Program& program,
                              const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                              const DataflowBufferConfig& config) {
  const char* call = "CreateDataflowBuffer";
  if (config.entry_size == 0 || config.num_entries == 0) {
    throw SimulatorError(std::string(call) + ": entry_size and num_entries must be nonzero (got " +
                         std::to_string(config.entry_size) + " and " +
                         std::to_string(config.num_entries) + ")");
  }
  if (config.num_producers != 1 || config.num_consumers != 1) {
    throw SimulatorError(std::string(call) + ": " + std::to_string(config.num_producers) +
                         " producers and " + std::to_string(config.num_consumers) +
                         " consumers; several per DFB is a Quasar mechanism, Wormhole and "
                         "Blackhole back a DFB with one circular buffer (one of each)");
  }
  const uint32_t limit = hal::get_arch_num_circular_buffers();
  uint32_t id = 0;
  for (; id < limit; ++id) {
    bool used = false;
    for (const auto& cb : program.state().desc.cbs) {
      used |= cb.index == id;
    }
    if (!used) {
      break;
    }
  }
  if (id == limit) {
    throw SimulatorError(std::string(call) + ": the program already uses all " +
                         std::to_string(limit) + " circular-buffer indices");
  }
  const auto index = static_cast<uint8_t>(id);
  CreateCircularBuffer(
      program, core_spec,
      CircularBufferConfig(config.entry_size * config.num_entries, {{index, config.data_format}})
          .set_page_size(index, config.entry_size));
  return id;
}

void BindDataflowBufferToProducerConsumerKernels(Program& program, uint32_t dfb_id,
                                                 KernelHandle producer_kernel_handle,
                                                 KernelHandle consumer_kernel_handle) {
  const auto& desc = program.state().desc;
  bool found = false;
  for (const auto& cb : desc.cbs) {
    found |= cb.index == dfb_id;
  }
  if (!found) {
    throw SimulatorError("BindDataflowBufferToProducerConsumerKernels: the program has no DFB " +
                         std::to_string(dfb_id));
  }
  for (KernelHandle k : {producer_kernel_handle, consumer_kernel_handle}) {
    if (k >= desc.kernels.size()) {
      throw SimulatorError(
          "BindDataflowBufferToProducerConsumerKernels: the program has no kernel " +
          std::to_string(k));
    }
  }
}

}  // namespace tt::tt_metal::experimental::dfb
