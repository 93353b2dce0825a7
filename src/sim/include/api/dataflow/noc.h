// The "Device 2.0" data-movement API (api/dataflow/noc.h): a Noc object whose reads, writes,
// multicasts and barriers take typed endpoints (TensorAccessor here; CircularBuffer, the
// endpoints of endpoints.h, experimental::CoreLocalMem) with per-endpoint argument structs.
// noc_traits_t<Endpoint> turns an endpoint and its arguments into a NoC or local L1 address; the
// transfers then go through the same dataflow ABI as noc_async_read/write. Both option spellings
// are accepted: NocOptions flags (api/dataflow/noc.h) and the enums of experimental/noc.h.
#pragma once
#include <stdint.h>

#include <type_traits>

#include "api/dataflow/dataflow_api.h"
#include "ttsim/unsupported.h"

// Specialised per endpoint type: src_args_type / dst_args_type / dst_args_mcast_type and
// src_addr / dst_addr / dst_addr_mcast templated on Noc::AddressType.
template <typename T>
struct noc_traits_t {
  static_assert(sizeof(T) == 0, "NoC transactions are not supported for this type");
};

enum class NocOptions : uint32_t {
  DEFAULT = 0,
  TXN_ID = 1u << 0,
  POSTED = 1u << 1,
  CUSTOM_VC = 1u << 2,
  MCAST_INCL_SRC = 1u << 3,
  INLINE_L1 = 1u << 4,
  INLINE_REG = 1u << 5,
};
constexpr NocOptions operator|(NocOptions a, NocOptions b) noexcept {
  return static_cast<NocOptions>(static_cast<uint32_t>(a) | static_cast<uint32_t>(b));
}
constexpr bool has_flag(NocOptions opts, NocOptions flag) noexcept {
  return (static_cast<uint32_t>(opts) & static_cast<uint32_t>(flag)) != 0;
}

// Runtime values of the flags: vc with CUSTOM_VC, trid with TXN_ID.
struct NocOptVals {
  uint32_t vc = NOC_UNICAST_WRITE_VC;
  uint32_t trid = 0;
};

// What scoped_lock() returns: on the device it brackets a region for the NoC debugging profiler;
// the simulator checks accesses itself, so the guard only has to exist for the scope.
struct ttsim_scoped_lock {
  ttsim_scoped_lock() = default;
  ttsim_scoped_lock(const ttsim_scoped_lock&) = delete;
  ttsim_scoped_lock& operator=(const ttsim_scoped_lock&) = delete;
};

struct DataflowBufferArgs {
  uint32_t offset_bytes{};
};

namespace ttsim_noc {
// experimental/noc.h spells the options as enums, one per template parameter.
enum class TxnIdMode { ENABLED, DISABLED };
enum class ResponseMode { NON_POSTED, POSTED };
enum class BarrierMode { TXN_ID, FULL };
enum class McastMode { INCLUDE_SRC, EXCLUDE_SRC };
enum class VcSelection { DEFAULT, CUSTOM };

// The NocOptions flag a template argument stands for; numeric arguments (max_page_size,
// enable_noc_tracing) select nothing the simulator models differently.
template <auto v>
constexpr NocOptions flag_of() {
  using T = decltype(v);
  if constexpr (std::is_same_v<T, NocOptions>) {
    return v;
  } else if constexpr (std::is_same_v<T, TxnIdMode>) {
    return v == TxnIdMode::ENABLED ? NocOptions::TXN_ID : NocOptions::DEFAULT;
  } else if constexpr (std::is_same_v<T, ResponseMode>) {
    return v == ResponseMode::POSTED ? NocOptions::POSTED : NocOptions::DEFAULT;
  } else if constexpr (std::is_same_v<T, BarrierMode>) {
    return v == BarrierMode::TXN_ID ? NocOptions::TXN_ID : NocOptions::DEFAULT;
  } else if constexpr (std::is_same_v<T, McastMode>) {
    return v == McastMode::INCLUDE_SRC ? NocOptions::MCAST_INCL_SRC : NocOptions::DEFAULT;
  } else if constexpr (std::is_same_v<T, VcSelection>) {
    return v == VcSelection::CUSTOM ? NocOptions::CUSTOM_VC : NocOptions::DEFAULT;
  } else {
    return NocOptions::DEFAULT;
  }
}
template <auto... v>
constexpr NocOptions flags() {
  return (NocOptions::DEFAULT | ... | flag_of<v>());
}
constexpr uint64_t kLocalMask = (1ull << 36) - 1;  // NoC address bits below the node ids
}  // namespace ttsim_noc

class Noc {
  // Argument structs of an endpoint type (declared first: the public signatures use them).
  template <typename T>
  using src_args_t = typename noc_traits_t<T>::src_args_type;
  template <typename T>
  using dst_args_t = typename noc_traits_t<T>::dst_args_type;
  template <typename T>
  using dst_args_mcast_t = typename noc_traits_t<T>::dst_args_mcast_type;

 public:
  enum class AddressType { NOC, LOCAL_L1 };
  using TxnIdMode = ttsim_noc::TxnIdMode;
  using ResponseMode = ttsim_noc::ResponseMode;
  using BarrierMode = ttsim_noc::BarrierMode;
  using McastMode = ttsim_noc::McastMode;
  using VcSelection = ttsim_noc::VcSelection;

  static constexpr uint32_t INVALID_TXN_ID = 0xFFFFFFFF;

  Noc() : noc_id_(noc_index) {}
  explicit Noc(uint8_t noc_id) : noc_id_(noc_id) {}

  uint8_t get_noc_id() const { return noc_id_; }
  bool is_local_bank(uint32_t virtual_x, uint32_t virtual_y) const {
    return virtual_x == my_x[noc_id_] && virtual_y == my_y[noc_id_];
  }
  bool is_local_addr(uint64_t noc_addr) const {
    uint64_t self = ttsim_noc_xy_addr(my_x[noc_id_], my_y[noc_id_], 0, noc_id_);
    return (noc_addr & ~ttsim_noc::kLocalMask) == (self & ~ttsim_noc::kLocalMask);
  }

  // Reads size_bytes from src (a NoC address) into dst (local L1).
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_read(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& sa,
                  const dst_args_t<Dst>& da, const NocOptVals& o = {}) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    read(src_addr<AddressType::NOC>(src, sa), dst_addr<AddressType::LOCAL_L1>(dst, da), size_bytes,
         has_flag(f, NocOptions::TXN_ID), o.trid);
  }
  // experimental/noc.h form: trailing read_req_vc and trid.
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_read(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& sa,
                  const dst_args_t<Dst>& da, uint32_t read_req_vc,
                  uint32_t trid = INVALID_TXN_ID) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    read(src_addr<AddressType::NOC>(src, sa), dst_addr<AddressType::LOCAL_L1>(dst, da), size_bytes,
         has_flag(f, NocOptions::TXN_ID), trid);
  }

  // Writes size_bytes from src (local L1) to dst (a NoC address).
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_write(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& sa,
                   const dst_args_t<Dst>& da, const NocOptVals& o = {}) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    write<f>(src_addr<AddressType::LOCAL_L1>(src, sa), dst_addr<AddressType::NOC>(dst, da),
             size_bytes, o.trid);
  }
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_write(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& sa,
                   const dst_args_t<Dst>& da, uint32_t vc, uint32_t trid = INVALID_TXN_ID) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    write<f>(src_addr<AddressType::LOCAL_L1>(src, sa), dst_addr<AddressType::NOC>(dst, da),
             size_bytes, trid);
  }

  // Writes size_bytes from src (local L1) to the same address on every core of dst's rectangle;
  // MCAST_INCL_SRC (McastMode::INCLUDE_SRC) also writes the sender's own L1.
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_write_multicast(const Src& src, const Dst& dst, uint32_t size_bytes, uint32_t num_dsts,
                             const src_args_t<Src>& sa, const dst_args_mcast_t<Dst>& da,
                             bool linked = false, uint32_t trid = INVALID_TXN_ID) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    TTSIM_REQUIRE(!has_flag(f, NocOptions::TXN_ID) && !has_flag(f, NocOptions::POSTED),
                  "Noc::async_write_multicast", "a transaction id or posted writes (as the SDK)");
    ttsim_noc_write_multicast(
        src_addr<AddressType::LOCAL_L1>(src, sa),
        noc_traits_t<Dst>::template dst_addr_mcast<AddressType::NOC>(dst, *this, da), size_bytes,
        num_dsts, has_flag(f, NocOptions::MCAST_INCL_SRC), noc_id_);
  }

  // Stateful reads: set_async_read_state fixes the source node (and size), async_read_with_state
  // then reads from an address on that node.
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src>
  void set_async_read_state(const Src& src, uint32_t size_bytes, const src_args_t<Src>& sa,
                            const NocOptVals& o = {}) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    if constexpr (has_flag(f, NocOptions::TXN_ID)) {
      noc_async_read_set_trid(o.trid, noc_id_);
    }
    set_read_state(src_addr<AddressType::NOC>(src, sa), size_bytes);
  }
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src>
  void set_async_read_state(const Src& src, uint32_t size_bytes, const src_args_t<Src>& sa,
                            uint8_t vc) const {
    set_read_state(src_addr<AddressType::NOC>(src, sa), size_bytes);
  }
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_read_with_state(const Src& src, const Dst& dst, uint32_t size_bytes,
                             const src_args_t<Src>& sa, const dst_args_t<Dst>& da,
                             const NocOptVals& o = {}) const {
    read_with_state(src_addr<AddressType::NOC>(src, sa), dst_addr<AddressType::LOCAL_L1>(dst, da),
                    size_bytes);
  }
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_read_with_state(const Src& src, const Dst& dst, uint32_t size_bytes,
                             const src_args_t<Src>& sa, const dst_args_t<Dst>& da,
                             uint8_t vc) const {
    read_with_state(src_addr<AddressType::NOC>(src, sa), dst_addr<AddressType::LOCAL_L1>(dst, da),
                    size_bytes);
  }

  // Stateful writes: set_async_write_state fixes the destination node, async_write_with_state
  // writes to an address on it.
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Dst>
  void set_async_write_state(const Dst& dst, uint32_t size_bytes, const dst_args_t<Dst>& da,
                             const NocOptVals& o = {}) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    TTSIM_REQUIRE(!has_flag(f, NocOptions::TXN_ID), "Noc::set_async_write_state",
                  "NocOptions::TXN_ID (as the SDK)");
    ttsim_kc::write_state[noc_id_] = dst_addr<AddressType::NOC>(dst, da) & ~ttsim_noc::kLocalMask;
    ttsim_kc::write_state_size[noc_id_] = size_bytes;
  }
  template <auto opt = NocOptions::DEFAULT, auto... more, typename Src, typename Dst>
  void async_write_with_state(const Src& src, const Dst& dst, uint32_t size_bytes,
                              const src_args_t<Src>& sa, const dst_args_t<Dst>& da,
                              const NocOptVals& o = {}) const {
    constexpr NocOptions f = ttsim_noc::flags<opt, more...>();
    TTSIM_REQUIRE(!has_flag(f, NocOptions::TXN_ID), "Noc::async_write_with_state",
                  "NocOptions::TXN_ID (as the SDK)");
    uint64_t local = dst_addr<AddressType::NOC>(dst, da) & ttsim_noc::kLocalMask;
    ttsim_noc_write(src_addr<AddressType::LOCAL_L1>(src, sa),
                    ttsim_kc::write_state[noc_id_] | local, size_bytes, noc_id_, -1,
                    has_flag(f, NocOptions::POSTED));
  }

  // One 32-bit word written without an L1 source.
  template <auto opt = NocOptions::DEFAULT, typename Dst>
  void inline_dw_write(const Dst& dst, uint32_t val, const dst_args_t<Dst>& da, uint8_t be = 0xF,
                       const NocOptVals& o = {}) const {
    constexpr NocOptions f = ttsim_noc::flags<opt>();
    TTSIM_REQUIRE(!has_flag(f, NocOptions::INLINE_REG), "Noc::inline_dw_write",
                  "NocOptions::INLINE_REG (stream registers are not simulated)");
    TTSIM_REQUIRE(!has_flag(f, NocOptions::TXN_ID), "Noc::inline_dw_write",
                  "NocOptions::TXN_ID (as the SDK)");
    noc_inline_dw_write(dst_addr<AddressType::NOC>(dst, da), val, be, noc_id_);
  }

  // The simulator has no non-blocking completion query: this waits for the reads tagged trid,
  // then reports them flushed (same data, the wait is charged here instead of at the barrier).
  bool is_read_trid_flushed(uint32_t trid) const {
    noc_async_read_barrier_with_trid(trid, noc_id_);
    return true;
  }

  template <auto opt = NocOptions::DEFAULT>
  void async_read_barrier(const NocOptVals& o = {}) const {
    read_barrier(has_flag(ttsim_noc::flags<opt>(), NocOptions::TXN_ID), o.trid);
  }
  template <auto opt = NocOptions::DEFAULT>
  void async_read_barrier(uint32_t trid) const {
    read_barrier(has_flag(ttsim_noc::flags<opt>(), NocOptions::TXN_ID), trid);
  }
  template <auto opt = NocOptions::DEFAULT>
  void async_write_barrier(const NocOptVals& o = {}) const {
    write_barrier(has_flag(ttsim_noc::flags<opt>(), NocOptions::TXN_ID), o.trid);
  }
  template <auto opt = NocOptions::DEFAULT>
  void async_write_barrier(uint32_t trid) const {
    write_barrier(has_flag(ttsim_noc::flags<opt>(), NocOptions::TXN_ID), trid);
  }
  // With TXN_ID this waits for the tagged writes to complete, which implies they have departed.
  template <auto opt = NocOptions::DEFAULT>
  void async_writes_flushed(const NocOptVals& o = {}) const {
    constexpr NocOptions f = ttsim_noc::flags<opt>();
    if constexpr (has_flag(f, NocOptions::TXN_ID)) {
      write_barrier(true, o.trid);
    } else {
      noc_async_writes_flushed(noc_id_);
    }
  }
  template <auto opt = NocOptions::DEFAULT>
  void async_writes_flushed(uint32_t trid) const {
    async_writes_flushed<opt>(NocOptVals{NOC_UNICAST_WRITE_VC, trid});
  }
  void async_atomic_barrier() const { noc_async_atomic_barrier(noc_id_); }
  void async_full_barrier() const { noc_async_full_barrier(noc_id_); }

  // Zero-fill through the NoC's zero mode is not simulated.
  template <typename Dst, typename... Rest>
  void async_write_zeros(const Dst&, uint32_t, const Rest&...) const {
    TTSIM_UNSUPPORTED(Dst, "Noc::async_write_zeros", "the NoC zero-fill mode is not simulated");
  }
  template <typename T = void>
  void write_zeros_l1_barrier() const {
    TTSIM_UNSUPPORTED(T, "Noc::write_zeros_l1_barrier", "the NoC zero-fill mode is not simulated");
  }
  template <typename T = void>
  void write_zeros_dram_barrier() const {
    TTSIM_UNSUPPORTED(T, "Noc::write_zeros_dram_barrier",
                      "the NoC zero-fill mode is not simulated");
  }

 private:
  template <AddressType t, typename Src>
  auto src_addr(const Src& src, const src_args_t<Src>& a) const {
    return std::conditional_t<t == AddressType::LOCAL_L1, uint32_t, uint64_t>(
        noc_traits_t<Src>::template src_addr<t>(src, *this, a));
  }
  template <AddressType t, typename Dst>
  auto dst_addr(const Dst& dst, const dst_args_t<Dst>& a) const {
    return std::conditional_t<t == AddressType::LOCAL_L1, uint32_t, uint64_t>(
        noc_traits_t<Dst>::template dst_addr<t>(dst, *this, a));
  }

  // A transaction id, when given, is set first (sticky, as noc_async_read_set_trid).
  void read(uint64_t src, uint32_t dst, uint32_t size, bool with_trid, uint32_t trid) const {
    if (with_trid) {
      noc_async_read_set_trid(trid, noc_id_);
    }
    ttsim_noc_read(src, dst, size, noc_id_, ttsim_kc::read_trid[noc_id_]);
  }
  template <NocOptions f>
  void write(uint32_t src, uint64_t dst, uint32_t size, uint32_t trid) const {
    if constexpr (has_flag(f, NocOptions::TXN_ID)) {
      if (trid >= 16) {
        ttsim_kernel_error("Noc::async_write", "transaction ids are 0..15");
      }
    }
    ttsim_noc_write(src, dst, size, noc_id_,
                    has_flag(f, NocOptions::TXN_ID) ? static_cast<int>(trid) : -1,
                    has_flag(f, NocOptions::POSTED));
  }
  void set_read_state(uint64_t src, uint32_t size) const {
    ttsim_kc::read_state[noc_id_] = src & ~ttsim_noc::kLocalMask;
    ttsim_kc::read_state_size[noc_id_] = size;
  }
  void read_with_state(uint64_t src, uint32_t dst, uint32_t size) const {
    ttsim_noc_read(ttsim_kc::read_state[noc_id_] | (src & ttsim_noc::kLocalMask), dst, size,
                   noc_id_, ttsim_kc::read_trid[noc_id_]);
  }
  void read_barrier(bool with_trid, uint32_t trid) const {
    ttsim_noc_read_barrier(noc_id_, with_trid ? static_cast<int>(trid) : -1);
  }
  void write_barrier(bool with_trid, uint32_t trid) const {
    ttsim_noc_write_barrier(noc_id_, with_trid ? static_cast<int>(trid) : -1);
  }

  uint8_t noc_id_;
};

// A TensorAccessor page: {.page_id, .offset_bytes}. As a local L1 endpoint the page must be on
// this core (a sharded tensor's local shard).
template <typename DSpec>
struct noc_traits_t<TensorAccessor<DSpec>> {
  struct src_args_type {
    uint32_t page_id{};
    uint32_t offset_bytes = 0;
  };
  struct dst_args_type {
    uint32_t page_id{};
    uint32_t offset_bytes = 0;
  };
  template <Noc::AddressType t>
  static auto src_addr(const TensorAccessor<DSpec>& s, const Noc& noc, const src_args_type& a) {
    return addr<t>(s.get_noc_addr(a.page_id, a.offset_bytes, noc.get_noc_id()), noc);
  }
  template <Noc::AddressType t>
  static auto dst_addr(const TensorAccessor<DSpec>& s, const Noc& noc, const dst_args_type& a) {
    return addr<t>(s.get_noc_addr(a.page_id, a.offset_bytes, noc.get_noc_id()), noc);
  }

 private:
  template <Noc::AddressType t>
  static uint64_t addr(uint64_t noc_addr, const Noc& noc) {
    if constexpr (t == Noc::AddressType::LOCAL_L1) {
      if (!noc.is_local_addr(noc_addr)) {
        ttsim_kernel_error("Noc", "a TensorAccessor page used as local L1 is on another core");
      }
      return noc_addr & ttsim_noc::kLocalMask;
    }
    return noc_addr;
  }
};

namespace ttsim_noc {
// A NoC address from a tensor endpoint; as local L1 it must be on this core.
template <Noc::AddressType t>
auto tensor_addr(uint64_t noc_addr, const Noc& noc, const char* what) {
  if constexpr (t == Noc::AddressType::LOCAL_L1) {
    if (!noc.is_local_addr(noc_addr)) {
      ttsim_kernel_error("Noc", what);
    }
    return static_cast<uint32_t>(noc_addr & kLocalMask);
  } else {
    return noc_addr;
  }
}
}  // namespace ttsim_noc

template <typename Accessor>
struct noc_traits_t<PageView<Accessor>> {
  struct src_args_type {
    uint32_t page_id{};
    uint32_t offset_bytes = 0;
  };
  using dst_args_type = src_args_type;
  template <Noc::AddressType t>
  static auto src_addr(const PageView<Accessor>& v, const Noc& noc, const src_args_type& a) {
    return ttsim_noc::tensor_addr<t>(v.get_noc_addr(a.page_id, a.offset_bytes, noc.get_noc_id()),
                                     noc, "a PageView page used as local L1 is on another core");
  }
  template <Noc::AddressType t>
  static auto dst_addr(const PageView<Accessor>& v, const Noc& noc, const dst_args_type& a) {
    return src_addr<t>(v, noc, a);
  }
};

template <typename Accessor>
struct noc_traits_t<ShardView<Accessor>> {
  struct src_args_type {
    uint32_t shard_id{};
    uint32_t offset_bytes = 0;
  };
  using dst_args_type = src_args_type;
  template <Noc::AddressType t>
  static auto src_addr(const ShardView<Accessor>& v, const Noc& noc, const src_args_type& a) {
    return ttsim_noc::tensor_addr<t>(v.get_noc_addr(a.shard_id, a.offset_bytes, noc.get_noc_id()),
                                     noc, "a ShardView shard used as local L1 is on another core");
  }
  template <Noc::AddressType t>
  static auto dst_addr(const ShardView<Accessor>& v, const Noc& noc, const dst_args_type& a) {
    return src_addr<t>(v, noc, a);
  }
};
