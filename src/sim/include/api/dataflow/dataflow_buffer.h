// DataflowBuffer (api/dataflow/dataflow_buffer.h): a FIFO of fixed-size entries between a
// producer and a consumer. On Wormhole and Blackhole the SDK backs a dataflow buffer with the
// core's circular-buffer interface, and so does the simulator: logical buffer id N is the
// program's CB N (created on the host with CreateCircularBuffer, one entry per page), driven
// through the same ABI as the cb_* calls.
#pragma once
#include <stdint.h>

#include <type_traits>

#include "ttsim/kernel_common.h"
#if defined(COMPILE_FOR_TRISC) || defined(TTSIM_COMPUTE_KERNEL)
#include "api/compute/cb_api.h"
#else
#include "api/dataflow/circular_buffer.h"
#include "experimental/core_local_mem.h"
#endif

// The handle a Metal 2.0 kernel binding names; converts to the raw id Gen1 calls take.
struct DFBBindingToken {
  explicit constexpr DFBBindingToken(uint16_t id) noexcept : id_(id) {}
  constexpr operator uint32_t() const noexcept { return id_; }

 private:
  uint16_t id_;
};
using DFBAccessor = DFBBindingToken;  // its earlier name

namespace ttsim_dfb {
// The format the unpacker turns a CB's data into: block-float formats expand to their 16-bit
// float, the others are read as stored.
constexpr DataFormat unpacked_format(DataFormat f) {
  switch (f) {
    case DataFormat::Bfp8_b:
    case DataFormat::Bfp4_b:
    case DataFormat::Bfp2_b:
      return DataFormat::Float16_b;
    case DataFormat::Bfp8:
    case DataFormat::Bfp4:
    case DataFormat::Bfp2:
      return DataFormat::Float16;
    default:
      return f;
  }
}

}  // namespace ttsim_dfb

#if !defined(COMPILE_FOR_TRISC) && !defined(TTSIM_COMPUTE_KERNEL)
// What DataflowBuffer::scoped_write_lock / scoped_read_lock return: get_ptr() views the locked
// entries. The lock itself only flags NoC writes into the entries for the SDK's debug tools.
template <bool IsWrite>
class DfbScopedLock {
 public:
  explicit DfbScopedLock(uint32_t pointer) : pointer_(pointer) {}
  DfbScopedLock(const DfbScopedLock&) = delete;
  DfbScopedLock& operator=(const DfbScopedLock&) = delete;
  template <typename T = uint32_t>
  [[nodiscard]] experimental::CoreLocalMem<std::conditional_t<IsWrite, T, const T>> get_ptr()
      const {
    return experimental::CoreLocalMem<std::conditional_t<IsWrite, T, const T>>(pointer_);
  }

 private:
  uint32_t pointer_;
};
#endif

class DataflowBuffer {
 public:
  DataflowBuffer(DFBBindingToken token) : DataflowBuffer(static_cast<uint16_t>(token)) {}
  DataflowBuffer(uint16_t logical_dfb_id) : id_(logical_dfb_id) {}

  uint16_t get_id() const { return id_; }
  uint32_t get_entry_size() const { return ttsim_cb_page_size(id_); }
  uint32_t get_stride_size() const { return ttsim_cb_page_size(id_); }
  uint32_t get_total_num_entries() const { return ttsim_cb_num_pages(id_); }
  uint32_t get_total_size_bytes() const { return get_total_num_entries() * get_entry_size(); }
  // Quasar splits a DFB over tile counters; Wormhole and Blackhole have one, so the local and
  // ring-span views are the whole DFB, as in the SDK.
  uint32_t get_local_num_entries() const { return get_total_num_entries(); }
  uint32_t get_local_size_bytes() const { return get_total_size_bytes(); }
  uint32_t get_ring_span_bytes() const { return get_total_size_bytes(); }
  uint32_t get_ring_span_num_entries() const { return get_total_num_entries(); }

  // The tile descriptor of the entries (32x32 tiles of four 16x16 faces, the CB's format).
  uint32_t get_tile_size() const { return ::get_tile_size(id_); }
  uint32_t get_tile_r_dim() const { return 32; }
  uint32_t get_tile_c_dim() const { return 32; }
  uint32_t get_tile_hw() const { return get_tile_r_dim() * get_tile_c_dim(); }
  uint32_t get_tile_num_faces() const { return 4; }
  uint32_t get_face_r_dim() const { return 16; }
  uint32_t get_partial_face() const { return 0; }
  uint32_t get_narrow_tile() const { return 0; }
  uint32_t get_num_faces_r_dim() const { return 2; }
  uint32_t get_num_faces_c_dim() const { return 2; }
  DataFormat get_dataformat() const { return ::get_dataformat(id_); }
  DataFormat get_unpack_dst_format() const { return ttsim_dfb::unpacked_format(get_dataformat()); }
  DataFormat get_pack_dst_format() const { return get_dataformat(); }

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
  // Waits for the writes this kernel issued on `noc` (not per transaction id, as the SDK).
  void write_barrier(const Noc& noc) const { noc.async_write_barrier(); }
  [[nodiscard]] ttsim_scoped_lock scoped_lock() { return {}; }
#endif

  uint32_t get_write_ptr() const { return ttsim_get_write_ptr(id_); }
  uint32_t get_read_ptr() const { return ttsim_get_read_ptr(id_); }
  [[nodiscard]] DfbScopedLock<true> scoped_write_lock(uint16_t num_entries = 1) const {
    (void)num_entries;
    return DfbScopedLock<true>(get_write_ptr());
  }
  [[nodiscard]] DfbScopedLock<false> scoped_read_lock(uint16_t num_entries = 1) const {
    (void)num_entries;
    return DfbScopedLock<false>(get_read_ptr());
  }

 private:
  uint16_t id_;
};

#if !defined(COMPILE_FOR_TRISC) && !defined(TTSIM_COMPUTE_KERNEL)
// As a Noc endpoint: the same as a CircularBuffer, which backs it.
template <>
struct noc_traits_t<DataflowBuffer>
    : ttsim_noc::FifoEndpointTraits<DataflowBuffer, DataflowBufferArgs> {};
#endif
