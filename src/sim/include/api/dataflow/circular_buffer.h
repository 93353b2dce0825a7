// Device 2.0 circular buffer object (api/dataflow/circular_buffer.h) for data-movement kernels:
// the cb_* calls as methods, and a Noc endpoint. As a source it is read at its read pointer, as
// a destination written at its write pointer (use<CircularBuffer::AddrSelector::...>(cb) picks
// the other one); {.offset_bytes} moves within, and a multicast destination adds the rectangle.
#pragma once
#include "api/dataflow/noc.h"

class CircularBuffer {
 public:
  enum class AddrSelector { WRITE_PTR, READ_PTR };

  explicit CircularBuffer(uint32_t cb_id) : cb_id_(cb_id) {}

  uint32_t get_cb_id() const { return cb_id_; }
  void reserve_back(int32_t num_pages) { cb_reserve_back(cb_id_, num_pages); }
  void push_back(int32_t num_pages) { cb_push_back(cb_id_, num_pages); }
  void wait_front(int32_t num_pages) { cb_wait_front(cb_id_, num_pages); }
  void pop_front(int32_t num_pages) { cb_pop_front(cb_id_, num_pages); }
  uint32_t get_tile_size() const { return ::get_tile_size(cb_id_); }
  uint32_t get_tile_hw() const { return ::get_tile_hw(cb_id_); }
  DataFormat get_dataformat() const { return ::get_dataformat(cb_id_); }
  bool pages_reservable_at_back(int32_t num_pages) const {
    return cb_pages_reservable_at_back(cb_id_, num_pages);
  }
  bool pages_available_at_front(int32_t num_pages) const {
    return cb_pages_available_at_front(cb_id_, num_pages);
  }
  uint32_t get_write_ptr() const { return ::get_write_ptr(cb_id_); }
  uint32_t get_read_ptr() const { return ::get_read_ptr(cb_id_); }
  [[nodiscard]] ttsim_scoped_lock scoped_lock() { return {}; }

 private:
  uint32_t cb_id_;
};

template <CircularBuffer::AddrSelector AddrSel>
struct CircularBufferView {
  const CircularBuffer& cb;
  explicit constexpr CircularBufferView(const CircularBuffer& c) : cb(c) {}
};

template <CircularBuffer::AddrSelector AddrSel>
constexpr auto use(const CircularBuffer& cb) {
  return CircularBufferView<AddrSel>(cb);
}

namespace ttsim_noc {
// The Noc traits of a local-L1 FIFO (CircularBuffer, CircularBufferView, DataflowBuffer): its
// {.offset_bytes} arguments, and a multicast destination that adds the rectangle to `local`.
template <typename Args>
struct FifoTraits {
  using src_args_type = Args;
  using dst_args_type = Args;
  struct dst_args_mcast_type {
    uint32_t noc_x_start{};
    uint32_t noc_y_start{};
    uint32_t noc_x_end{};
    uint32_t noc_y_end{};
    uint32_t offset_bytes{};
  };
  static uint64_t mcast(uint32_t local, const Noc& noc, const dst_args_mcast_type& a) {
    return ::get_noc_multicast_addr(a.noc_x_start, a.noc_y_start, a.noc_x_end, a.noc_y_end,
                                    local + a.offset_bytes, noc.get_noc_id());
  }
};
struct CbArgs {
  uint32_t offset_bytes{};
};
using CbTraits = FifoTraits<CbArgs>;

// A FIFO handle as an endpoint: read at its read pointer, written at its write pointer.
template <typename Fifo, typename Args>
struct FifoEndpointTraits : FifoTraits<Args> {
  using typename FifoTraits<Args>::src_args_type;
  using typename FifoTraits<Args>::dst_args_type;
  using typename FifoTraits<Args>::dst_args_mcast_type;
  template <Noc::AddressType t>
  static uint32_t src_addr(const Fifo& f, const Noc&, const src_args_type& a) {
    static_assert(t == Noc::AddressType::LOCAL_L1,
                  "a circular or dataflow buffer without a multicast range is local L1");
    return f.get_read_ptr() + a.offset_bytes;
  }
  template <Noc::AddressType t>
  static uint32_t dst_addr(const Fifo& f, const Noc&, const dst_args_type& a) {
    static_assert(t == Noc::AddressType::LOCAL_L1,
                  "a circular or dataflow buffer without a multicast range is local L1");
    return f.get_write_ptr() + a.offset_bytes;
  }
  template <Noc::AddressType t>
  static uint64_t dst_addr_mcast(const Fifo& f, const Noc& noc, const dst_args_mcast_type& a) {
    static_assert(t == Noc::AddressType::NOC,
                  "a circular or dataflow buffer with a multicast range is a NoC address");
    return FifoTraits<Args>::mcast(f.get_write_ptr(), noc, a);
  }
};
}  // namespace ttsim_noc

template <>
struct noc_traits_t<CircularBuffer>
    : ttsim_noc::FifoEndpointTraits<CircularBuffer, ttsim_noc::CbArgs> {};

template <CircularBuffer::AddrSelector AddrSel>
struct noc_traits_t<CircularBufferView<AddrSel>> : ttsim_noc::CbTraits {
  template <Noc::AddressType t>
  static uint32_t src_addr(const CircularBufferView<AddrSel>& v, const Noc&,
                           const src_args_type& a) {
    static_assert(t == Noc::AddressType::LOCAL_L1,
                  "a CircularBuffer without a multicast range is local L1");
    return local(v) + a.offset_bytes;
  }
  template <Noc::AddressType t>
  static uint32_t dst_addr(const CircularBufferView<AddrSel>& v, const Noc& noc,
                           const dst_args_type& a) {
    return src_addr<t>(v, noc, a);
  }
  template <Noc::AddressType t>
  static uint64_t dst_addr_mcast(const CircularBufferView<AddrSel>& v, const Noc& noc,
                                 const dst_args_mcast_type& a) {
    return mcast(local(v), noc, a);
  }

 private:
  static uint32_t local(const CircularBufferView<AddrSel>& v) {
    return AddrSel == CircularBuffer::AddrSelector::READ_PTR ? v.cb.get_read_ptr()
                                                             : v.cb.get_write_ptr();
  }
};
