// tt-metalium/experimental/dataflow_buffer/dataflow_buffer.hpp: the host side of dataflow
// buffers (DFBs). On Wormhole and Blackhole a DFB is backed by one circular buffer, whose index
// is the logical DFB id CreateDataflowBuffer returns and kernels name (DataflowBuffer(id)).
// Several producers or consumers per DFB, the access patterns between them and implicit sync
// are Quasar mechanisms; a Wormhole/Blackhole program gets one producer and one consumer.
#pragma once
#include <cstdint>
#include <optional>
#include <variant>

#include "tt-metalium/core_coord.hpp"
#include "tt-metalium/kernel_types.hpp"
#include "tt-metalium/tt_backend_api_types.hpp"

namespace tt::tt_metal {
class Program;
}

namespace experimental {
// How several producers (or consumers) share the entries of a DFB (Quasar).
enum AccessPattern : uint8_t { STRIDED, BLOCKED, ALL };
}  // namespace experimental

namespace tt::tt_metal::experimental::dfb {

using AccessPattern = ::experimental::AccessPattern;

struct DataflowBufferConfig {
  uint32_t entry_size = 0;
  uint32_t num_entries = 0;
  uint16_t producer_risc_mask = 0x0;  // bits 0-7 data-movement RISCs, 8-15 Tensix RISCs
  uint8_t num_producers = 1;
  AccessPattern pap = AccessPattern::STRIDED;
  uint16_t consumer_risc_mask = 0x0;
  uint8_t num_consumers = 1;
  AccessPattern cap = AccessPattern::STRIDED;
  bool enable_implicit_sync = false;
  tt::DataFormat data_format = tt::DataFormat::Float16_b;
};

// Creates the DFB on the cores and returns its logical id: the lowest circular-buffer index the
// program does not use yet, backed by num_entries pages of entry_size bytes.
uint32_t CreateDataflowBuffer(Program& program,
                              const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                              const DataflowBufferConfig& config);

// Names the kernels that produce into and consume from the DFB. Quasar assigns tile counters
// from it; on Wormhole and Blackhole the check is that both kernels exist in the program.
void BindDataflowBufferToProducerConsumerKernels(Program& program, uint32_t dfb_id,
                                                 KernelHandle producer_kernel_handle,
                                                 KernelHandle consumer_kernel_handle);

}  // namespace tt::tt_metal::experimental::dfb
