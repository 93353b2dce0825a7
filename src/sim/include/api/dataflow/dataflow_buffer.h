// DataflowBuffer (api/dataflow/dataflow_buffer.h): a FIFO of fixed-size entries between a
// producer and a consumer. On Wormhole and Blackhole the SDK backs a dataflow buffer with the
// core's circular-buffer interface, and so does the simulator: logical buffer id N is the
// program's CB N (created on the host with CreateCircularBuffer, one entry per page), driven
// through the same ABI as the cb_* calls.
#pragma once
#include <stdint.h>

#include "ttsim/kernel_common.h"
#if defined(COMPILE_FOR_TRISC) || defined(TTSIM_COMPUTE_KERNEL)
#include "api/compute/cb_api.h"
#else
#include "api/dataflow/circular_buffer.h"
#endif

// The handle a Metal 2.0 kernel binding names; converts to the raw id Gen1 calls take.
struct DFBAccessor {
  explicit constexpr DFBAccessor(uint16_t id) noexcept : id_(id) {}
  constexpr operator uint32_t() const noexcept { return id_; }

 private:
  uint16_t id_;
};

class DataflowBuffer {
 public:
  DataflowBuffer(DFBAccessor accessor) : DataflowBuffer(static_cast<uint16_t>(accessor)) {}
  DataflowBuffer(uint16_t logical_dfb_id) : id_(logical_dfb_id) {}

  uint16_t get_id() const { return id_; }
  uint32_t get_entry_size() const { return ttsim_cb_page_size(id_); }
  uint32_t get_stride_size() const { return ttsim_cb_page_size(id_); }

  void reserve_back(uint16_t num_entries) { ttsim_cb_reserve_back(id_, num_entries); }
  void push_back(uint16_t num_entries) { ttsim_cb_push_back(id_, num_entries); }
  void wait_front(uint16_t num_entries) { ttsim_cb_wait_front(id_, num_entries); }
  void pop_front(uint16_t num_entries) { ttsim_cb_pop_front(id_, num_entries); }
  // Implicit synchronisation is a Quasar mechanism; on Gen1 these do nothing, as in the SDK.
  void read_in() {}
  void write_out() {}
  // Producer side: returns once the consumer has popped every entry pushed so far.
  void finish() {
    while (ttsim_cb_pages_available_at_front(id_, 1) != 0) {
    }
  }

#if !defined(COMPILE_FOR_TRISC) && !defined(TTSIM_COMPUTE_KERNEL)
  bool pages_reservable_at_back(int32_t num_pages) const {
    return ttsim_cb_pages_reservable_at_back(id_, num_pages) != 0;
  }
  bool pages_available_at_front(int32_t num_pages) const {
    return ttsim_cb_pages_available_at_front(id_, num_pages) != 0;
  }
  uint32_t get_tile_size() const { return ::get_tile_size(id_); }
  uint32_t get_tile_hw() const { return ::get_tile_hw(id_); }
  DataFormat get_dataformat() const { return ::get_dataformat(id_); }
  // Waits for the writes this kernel issued on `noc` (not per transaction id, as the SDK).
  void write_barrier(const Noc& noc) const { noc.async_write_barrier(); }
  [[nodiscard]] ttsim_scoped_lock scoped_lock() { return {}; }
#endif

  uint32_t get_write_ptr() const { return ttsim_get_write_ptr(id_); }
  uint32_t get_read_ptr() const { return ttsim_get_read_ptr(id_); }

 private:
  uint16_t id_;
};

#if !defined(COMPILE_FOR_TRISC) && !defined(TTSIM_COMPUTE_KERNEL)
// As a Noc endpoint: the same as a CircularBuffer, which backs it.
template <>
struct noc_traits_t<DataflowBuffer>
    : ttsim_noc::FifoEndpointTraits<DataflowBuffer, DataflowBufferArgs> {};
#endif
