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
#include "api/dataflow/noc.h"
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
// As a Noc endpoint: read at the read pointer, written at the write pointer, {.offset_bytes}
// within; a multicast destination adds the rectangle.
template <>
struct noc_traits_t<DataflowBuffer> {
  using src_args_type = DataflowBufferArgs;
  using dst_args_type = DataflowBufferArgs;
  struct dst_args_mcast_type {
    uint32_t noc_x_start{};
    uint32_t noc_y_start{};
    uint32_t noc_x_end{};
    uint32_t noc_y_end{};
    uint32_t offset_bytes{};
  };
  template <Noc::AddressType t>
  static uint32_t src_addr(const DataflowBuffer& d, const Noc&, const src_args_type& a) {
    static_assert(t == Noc::AddressType::LOCAL_L1,
                  "a DataflowBuffer without a multicast range is local L1");
    return d.get_read_ptr() + a.offset_bytes;
  }
  template <Noc::AddressType t>
  static uint32_t dst_addr(const DataflowBuffer& d, const Noc&, const dst_args_type& a) {
    static_assert(t == Noc::AddressType::LOCAL_L1,
                  "a DataflowBuffer without a multicast range is local L1");
    return d.get_write_ptr() + a.offset_bytes;
  }
  template <Noc::AddressType t>
  static uint64_t dst_addr_mcast(const DataflowBuffer& d, const Noc& noc,
                                 const dst_args_mcast_type& a) {
    static_assert(t == Noc::AddressType::NOC,
                  "a DataflowBuffer with a multicast range is a NoC address");
    return ::get_noc_multicast_addr(a.noc_x_start, a.noc_y_start, a.noc_x_end, a.noc_y_end,
                                    d.get_write_ptr() + a.offset_bytes, noc.get_noc_id());
  }
};
#endif
