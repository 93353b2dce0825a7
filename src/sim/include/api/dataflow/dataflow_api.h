// The data-movement kernel API (TT-Metalium api/dataflow/dataflow_api.h spellings): arguments,
// circular buffers, NoC transfers, address generators, semaphores. Every call forwards to the
// simulator's C ABI (ttsim/abi.h); this header stays lean because kernels compile at run time.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "api/compile_time_args.h"
#include "api/tensor/tensor_accessor.h"
#include "hostdevcommon/kernel_structs.h"
#include "ttsim/abi.h"
#include "ttsim/kernel_common.h"
#include "ttsim/unsupported.h"

// ---- Arguments
// ------------------------------------------------------------------------------------

// Shared with api/compute/common.h under one guard, so a kernel may include both header sets.
#ifndef TTSIM_KERNEL_ARGS_DEFINED
#define TTSIM_KERNEL_ARGS_DEFINED
template <typename T>
FORCE_INLINE T get_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "get_arg_val<T>: T must be 4 bytes");
  uint32_t v = ttsim_get_arg(arg_idx);
  return __builtin_bit_cast(T, v);
}

template <typename T>
FORCE_INLINE T get_common_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "get_common_arg_val<T>: T must be 4 bytes");
  uint32_t v = ttsim_get_common_arg(arg_idx);
  return __builtin_bit_cast(T, v);
}
#endif

FORCE_INLINE uintptr_t get_arg_addr(int arg_idx) { return ttsim_get_arg_addr(arg_idx); }
FORCE_INLINE uintptr_t get_common_arg_addr(int arg_idx) {
  return ttsim_get_common_arg_addr(arg_idx);
}

// ---- Circular buffers
// -----------------------------------------------------------------------------

FORCE_INLINE void cb_reserve_back(int32_t cb, int32_t n) { ttsim_cb_reserve_back(cb, n); }
FORCE_INLINE void cb_push_back(int32_t cb, int32_t n) { ttsim_cb_push_back(cb, n); }
FORCE_INLINE void cb_wait_front(int32_t cb, int32_t n) { ttsim_cb_wait_front(cb, n); }
FORCE_INLINE void cb_pop_front(int32_t cb, int32_t n) { ttsim_cb_pop_front(cb, n); }
FORCE_INLINE uint32_t get_write_ptr(uint32_t cb) { return ttsim_get_write_ptr(cb); }
FORCE_INLINE uint32_t get_read_ptr(uint32_t cb) { return ttsim_get_read_ptr(cb); }
FORCE_INLINE bool cb_pages_reservable_at_back(int32_t cb, int32_t n) {
  return ttsim_cb_pages_reservable_at_back(cb, n) != 0;
}
FORCE_INLINE bool cb_pages_available_at_front(int32_t cb, int32_t n) {
  return ttsim_cb_pages_available_at_front(cb, n) != 0;
}
FORCE_INLINE uint32_t get_cb_page_size(uint32_t cb) { return ttsim_cb_page_size(cb); }

// ---- NoC addresses
// ----------------------------------------------------------------------------------

FORCE_INLINE uint64_t get_noc_addr(uint32_t noc_x, uint32_t noc_y, uint32_t addr,
                                   uint8_t noc = noc_index) {
  return ttsim_noc_xy_addr(noc_x, noc_y, addr, noc);
}
FORCE_INLINE uint64_t get_noc_addr(uint32_t addr, uint8_t noc = noc_index) {
  return ttsim_noc_xy_addr(ttsim_my_x(noc), ttsim_my_y(noc), addr, noc);
}
template <typename AddrGen>
  requires ttsim_kc::PageAddrGen<AddrGen>
FORCE_INLINE uint64_t get_noc_addr(uint32_t id, const AddrGen& s, uint32_t offset = 0,
                                   uint8_t noc = noc_index) {
  return s.get_noc_addr(id, offset, noc);
}
FORCE_INLINE uint64_t get_noc_multicast_addr(uint32_t x_start, uint32_t y_start, uint32_t x_end,
                                             uint32_t y_end, uint32_t addr,
                                             uint8_t noc = noc_index) {
  return ttsim_noc_mcast_addr(x_start, y_start, x_end, y_end, addr, noc);
}
template <bool DRAM>
FORCE_INLINE uint64_t get_noc_addr_from_bank_id(uint32_t bank_id, uint32_t bank_address_offset,
                                                uint8_t noc = noc_index) {
  return ttsim_bank_noc_addr(DRAM ? 1 : 0, bank_id, bank_address_offset, noc);
}
FORCE_INLINE uint64_t get_dram_noc_addr(uint32_t id, uint32_t page_size, uint32_t bank_base_address,
                                        uint32_t offset = 0, uint8_t noc = noc_index) {
  uint32_t nb = ttsim_num_banks(1);
  uint32_t aligned = ttsim_kc::align_up(page_size, ttsim_dram_alignment());
  return ttsim_bank_noc_addr(1, id % nb, bank_base_address + (id / nb) * aligned + offset, noc);
}
FORCE_INLINE uint64_t get_l1_noc_addr(uint32_t id, uint32_t page_size, uint32_t bank_base_address,
                                      uint32_t offset = 0, uint8_t noc = noc_index) {
  uint32_t nb = ttsim_num_banks(0);
  uint32_t aligned = ttsim_kc::align_up(page_size, ttsim_l1_alignment());
  return ttsim_bank_noc_addr(0, id % nb, bank_base_address + (id / nb) * aligned + offset, noc);
}

// ---- Interleaved address generators
// ---------------------------------------------------------------

template <bool DRAM>
struct InterleavedAddrGen {
  uint32_t bank_base_address;
  uint32_t page_size;
  uint32_t aligned_page_size() const {
    return ttsim_kc::align_up(page_size, DRAM ? ttsim_dram_alignment() : ttsim_l1_alignment());
  }
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0, uint8_t noc = noc_index) const {
    uint32_t nb = ttsim_num_banks(DRAM);
    return ttsim_bank_noc_addr(DRAM, id % nb,
                               bank_base_address + (id / nb) * aligned_page_size() + offset, noc);
  }
  uint32_t get_page_size() const { return page_size; }
};

template <bool DRAM>
struct InterleavedPow2AddrGen {
  uint32_t bank_base_address;
  uint32_t log_base_2_of_page_size;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0, uint8_t noc = noc_index) const {
    uint32_t nb = ttsim_num_banks(DRAM);
    uint32_t aligned = ttsim_kc::align_up(1u << log_base_2_of_page_size,
                                          DRAM ? ttsim_dram_alignment() : ttsim_l1_alignment());
    return ttsim_bank_noc_addr(DRAM, id % nb, bank_base_address + (id / nb) * aligned + offset,
                               noc);
  }
  uint32_t get_page_size() const { return 1u << log_base_2_of_page_size; }
};

template <bool DRAM, uint32_t tile_hw = 1024>
struct InterleavedAddrGenFast {
  uint32_t bank_base_address;
  uint32_t page_size;
  DataFormat data_format;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0, uint8_t noc = noc_index) const {
    uint32_t nb = ttsim_num_banks(DRAM);
    uint32_t stride = ttsim_kc::tile_size_of(data_format, tile_hw);
    return ttsim_bank_noc_addr(DRAM, id % nb, bank_base_address + (id / nb) * stride + offset, noc);
  }
  uint32_t get_page_size() const { return page_size; }
  void noc_async_read_tile(uint32_t id, uint32_t dest_addr, uint32_t offset = 0,
                           uint8_t noc = noc_index) const {
    ttsim_noc_read(get_noc_addr(id, offset, noc), dest_addr, page_size, noc,
                   ttsim_kc::read_trid[noc]);
  }
  void noc_async_write_tile(uint32_t id, uint32_t src_addr, uint8_t noc = noc_index) const {
    ttsim_noc_write(src_addr, get_noc_addr(id, 0, noc), page_size, noc, -1, 0);
  }
};

// ---- NoC transfers
// --------------------------------------------------------------------------------

constexpr uint32_t NOC_MAX_BURST_SIZE = ttsim_kc::kMaxBurst;
constexpr uint32_t NOC_UNICAST_WRITE_VC = 1;
constexpr uint32_t NOC_MULTICAST_WRITE_VC = 4;
constexpr uint32_t NOC_DISPATCH_MULTICAST_WRITE_VC = 5;
constexpr uint32_t write_cmd_buf = 0;
constexpr uint32_t read_cmd_buf = 1;
constexpr uint32_t write_reg_cmd_buf = 2;
constexpr uint32_t write_at_cmd_buf = 3;

template <uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true>
FORCE_INLINE void noc_async_read(uint64_t src_noc_addr, uint32_t dst_local_l1_addr, uint32_t size,
                                 uint8_t noc = noc_index,
                                 uint32_t read_req_vc = NOC_UNICAST_WRITE_VC) {
  ttsim_noc_read(src_noc_addr, dst_local_l1_addr, size, noc, ttsim_kc::read_trid[noc]);
}

template <bool enable_noc_tracing = true>
FORCE_INLINE void noc_async_read_one_packet(uint64_t src_noc_addr, uint32_t dst_local_l1_addr,
                                            uint32_t size, uint8_t noc = noc_index,
                                            uint32_t read_req_vc = NOC_UNICAST_WRITE_VC) {
  if (size > NOC_MAX_BURST_SIZE) {
    ttsim_kernel_error("noc_async_read_one_packet", "size exceeds NOC_MAX_BURST_SIZE");
  }
  ttsim_noc_read(src_noc_addr, dst_local_l1_addr, size, noc, ttsim_kc::read_trid[noc]);
}

template <uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true,
          bool posted = false>
FORCE_INLINE void noc_async_write(uint32_t src_local_l1_addr, uint64_t dst_noc_addr, uint32_t size,
                                  uint8_t noc = noc_index, uint32_t vc = NOC_UNICAST_WRITE_VC) {
  ttsim_noc_write(src_local_l1_addr, dst_noc_addr, size, noc, -1, posted);
}

template <bool enable_noc_tracing = true, bool posted = false>
FORCE_INLINE void noc_async_write_one_packet(uint32_t src_local_l1_addr, uint64_t dst_noc_addr,
                                             uint32_t size, uint8_t noc = noc_index,
                                             uint32_t vc = NOC_UNICAST_WRITE_VC) {
  if (size > NOC_MAX_BURST_SIZE) {
    ttsim_kernel_error("noc_async_write_one_packet", "size exceeds NOC_MAX_BURST_SIZE");
  }
  ttsim_noc_write(src_local_l1_addr, dst_noc_addr, size, noc, -1, posted);
}

template <typename AddrGen>
FORCE_INLINE void noc_async_read_page(uint32_t id, const AddrGen& s, uint32_t dst_local_l1_addr,
                                      uint32_t offset = 0, uint8_t noc = noc_index) {
  ttsim_noc_read(s.get_noc_addr(id, offset, noc), dst_local_l1_addr, ttsim_kc::page_size_of(s), noc,
                 ttsim_kc::read_trid[noc]);
}

template <typename AddrGen>
FORCE_INLINE void noc_async_write_page(uint32_t id, const AddrGen& s, uint32_t src_local_l1_addr,
                                       uint32_t size = 0, uint32_t offset = 0,
                                       uint8_t noc = noc_index) {
  ttsim_noc_write(src_local_l1_addr, s.get_noc_addr(id, offset, noc),
                  size ? size : ttsim_kc::page_size_of(s), noc, -1, 0);
}

template <typename AddrGen>
FORCE_INLINE void noc_async_read_tile(uint32_t id, const AddrGen& s, uint32_t dst_local_l1_addr,
                                      uint32_t offset = 0, uint8_t noc = noc_index) {
  noc_async_read_page(id, s, dst_local_l1_addr, offset, noc);
}

template <typename AddrGen>
FORCE_INLINE void noc_async_write_tile(uint32_t id, const AddrGen& s, uint32_t src_local_l1_addr,
                                       uint8_t noc = noc_index) {
  noc_async_write_page(id, s, src_local_l1_addr, 0, 0, noc);
}

template <typename DSpec>
FORCE_INLINE void noc_async_read_shard(uint32_t shard_id, const TensorAccessor<DSpec>& s,
                                       uint32_t dst_local_l1_addr, uint8_t noc = noc_index) {
  ttsim_noc_read(s.get_shard_noc_addr(shard_id, 0, noc), dst_local_l1_addr, s.shard_bytes(), noc,
                 ttsim_kc::read_trid[noc]);
}

template <typename DSpec>
FORCE_INLINE void noc_async_write_shard(uint32_t shard_id, const TensorAccessor<DSpec>& s,
                                        uint32_t src_local_l1_addr, uint8_t noc = noc_index) {
  ttsim_noc_write(src_local_l1_addr, s.get_shard_noc_addr(shard_id, 0, noc), s.shard_bytes(), noc,
                  -1, 0);
}

// Stateful variants keep the NoC address of the last set_state per NoC.
FORCE_INLINE void noc_async_read_set_state(uint64_t src_noc_addr, uint8_t noc = noc_index) {
  ttsim_kc::read_state[noc] = src_noc_addr & ~0xfffffffffull;
}
FORCE_INLINE void noc_async_read_with_state(uint32_t src_local_l1_addr, uint32_t dst_local_l1_addr,
                                            uint32_t size, uint8_t noc = noc_index) {
  ttsim_noc_read(ttsim_kc::read_state[noc] | src_local_l1_addr, dst_local_l1_addr, size, noc,
                 ttsim_kc::read_trid[noc]);
}
template <bool use_vc = false>
FORCE_INLINE void noc_async_read_one_packet_set_state(uint64_t src_noc_addr, uint32_t size,
                                                      uint8_t noc = noc_index, uint32_t vc = 0) {
  ttsim_kc::read_state[noc] = src_noc_addr & ~0xfffffffffull;
  ttsim_kc::read_state_size[noc] = size;
}
template <bool inc_num_issued = true>
FORCE_INLINE void noc_async_read_one_packet_with_state(uint32_t src_local_l1_addr,
                                                       uint32_t dst_local_l1_addr,
                                                       uint8_t noc = noc_index) {
  ttsim_noc_read(ttsim_kc::read_state[noc] | src_local_l1_addr, dst_local_l1_addr,
                 ttsim_kc::read_state_size[noc], noc, ttsim_kc::read_trid[noc]);
}
template <bool non_posted = true>
FORCE_INLINE void noc_async_write_one_packet_set_state(uint64_t dst_noc_addr, uint32_t size,
                                                       uint8_t noc = noc_index,
                                                       uint32_t vc = NOC_UNICAST_WRITE_VC) {
  ttsim_kc::write_state[noc] = dst_noc_addr & ~0xfffffffffull;
  ttsim_kc::write_state_size[noc] = size;
}
template <bool non_posted = true>
FORCE_INLINE void noc_async_write_one_packet_with_state(uint32_t src_local_l1_addr,
                                                        uint32_t dst_local_l1_addr,
                                                        uint8_t noc = noc_index) {
  ttsim_noc_write(src_local_l1_addr, ttsim_kc::write_state[noc] | dst_local_l1_addr,
                  ttsim_kc::write_state_size[noc], noc, -1, !non_posted);
}

// ---- Multicast
// ----------------------------------------------------------------------------------------

template <uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1>
FORCE_INLINE void noc_async_write_multicast(uint32_t src_local_l1_addr,
                                            uint64_t dst_noc_addr_multicast, uint32_t size,
                                            uint32_t num_dests, bool linked = false,
                                            uint8_t noc = noc_index,
                                            uint32_t vc = NOC_MULTICAST_WRITE_VC) {
  ttsim_noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, 0, noc);
}
FORCE_INLINE void noc_async_write_multicast_one_packet(uint32_t src_local_l1_addr,
                                                       uint64_t dst_noc_addr_multicast,
                                                       uint32_t size, uint32_t num_dests,
                                                       bool linked = false,
                                                       uint8_t noc = noc_index) {
  ttsim_noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, 0, noc);
}
FORCE_INLINE void noc_async_write_multicast_loopback_src(uint32_t src_local_l1_addr,
                                                         uint64_t dst_noc_addr_multicast,
                                                         uint32_t size, uint32_t num_dests,
                                                         bool linked = false,
                                                         uint8_t noc = noc_index) {
  ttsim_noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, 1, noc);
}

// ---- Barriers and flushes
// -----------------------------------------------------------------------------

FORCE_INLINE void noc_async_read_barrier(uint8_t noc = noc_index) {
  ttsim_noc_read_barrier(noc, -1);
}
FORCE_INLINE void noc_async_write_barrier(uint8_t noc = noc_index) {
  ttsim_noc_write_barrier(noc, -1);
}
FORCE_INLINE void noc_async_writes_flushed(uint8_t noc = noc_index) {
  ttsim_noc_writes_flushed(noc);
}
FORCE_INLINE void noc_async_posted_writes_flushed(uint8_t noc = noc_index) {
  ttsim_noc_writes_flushed(noc);
}
FORCE_INLINE void noc_async_atomic_barrier(uint8_t noc = noc_index) {
  ttsim_noc_atomic_barrier(noc);
}
FORCE_INLINE void noc_async_full_barrier(uint8_t noc = noc_index) { ttsim_noc_full_barrier(noc); }

// ---- Transaction ids
// ------------------------------------------------------------------------------------

FORCE_INLINE void noc_async_read_set_trid(uint32_t trid, uint8_t noc = noc_index) {
  if (trid >= 16) {
    ttsim_kernel_error("noc_async_read_set_trid", "transaction ids are 0..15");
  }
  ttsim_kc::read_trid[noc] = static_cast<int>(trid);
}
FORCE_INLINE void reset_noc_trid_barrier_counter(uint32_t id_mask = 0xffff,
                                                 uint8_t noc = noc_index) {}
FORCE_INLINE void noc_async_read_barrier_with_trid(uint32_t trid, uint8_t noc = noc_index) {
  ttsim_noc_read_barrier(noc, static_cast<int>(trid));
}
FORCE_INLINE void noc_async_write_barrier_with_trid(uint32_t trid, uint8_t noc = noc_index) {
  ttsim_noc_write_barrier(noc, static_cast<int>(trid));
}
// Waits for the writes tagged trid to complete, which implies they have departed.
FORCE_INLINE void noc_async_write_flushed_with_trid(uint32_t trid, uint8_t noc = noc_index) {
  ttsim_noc_write_barrier(noc, static_cast<int>(trid));
}
template <bool update_counter = true, bool posted = false>
FORCE_INLINE void noc_async_write_one_packet_with_trid(
    uint32_t src_local_l1_addr, uint64_t dst_noc_addr, uint32_t size, uint32_t trid,
    uint8_t cmd_buf = write_cmd_buf, uint8_t noc = noc_index, uint8_t vc = NOC_UNICAST_WRITE_VC) {
  ttsim_noc_write(src_local_l1_addr, dst_noc_addr, size, noc, static_cast<int>(trid), posted);
}
FORCE_INLINE void noc_async_read_tile_dram_sharded_with_state_with_trid(uint32_t src_base_addr,
                                                                        uint32_t src_addr,
                                                                        uint32_t dest_addr,
                                                                        uint32_t trid = 0,
                                                                        uint8_t noc = noc_index) {
  ttsim_noc_read(ttsim_kc::read_state[noc] | (src_base_addr + src_addr), dest_addr,
                 ttsim_kc::read_state_size[noc], noc, static_cast<int>(trid));
}

// ---- Semaphores
// ---------------------------------------------------------------------------------------

enum class ProgrammableCoreType { TENSIX = 0, ACTIVE_ETH = 1, IDLE_ETH = 2 };

template <ProgrammableCoreType type = ProgrammableCoreType::TENSIX>
FORCE_INLINE uint32_t get_semaphore(uint32_t semaphore_id) {
  return ttsim_get_semaphore(semaphore_id);
}
FORCE_INLINE void noc_semaphore_set(volatile tt_l1_ptr uint32_t* sem_addr, uint32_t val) {
  ttsim_sem_set(ttsim_kc::l1_addr(sem_addr), val);
}
FORCE_INLINE void noc_semaphore_wait(volatile tt_l1_ptr uint32_t* sem_addr, uint32_t val) {
  ttsim_sem_wait(ttsim_kc::l1_addr(sem_addr), val, 0);
}
FORCE_INLINE void noc_semaphore_wait_min(volatile tt_l1_ptr uint32_t* sem_addr, uint32_t val) {
  ttsim_sem_wait(ttsim_kc::l1_addr(sem_addr), val, 1);
}
template <bool posted = false>
FORCE_INLINE void noc_semaphore_inc(uint64_t addr, uint32_t incr, uint8_t noc_id = noc_index,
                                    uint8_t vc = NOC_UNICAST_WRITE_VC) {
  ttsim_sem_inc(addr, incr, noc_id);
}
FORCE_INLINE void noc_semaphore_inc_multicast(uint64_t addr, uint32_t incr, uint32_t num_dests,
                                              uint8_t noc_id = noc_index,
                                              uint8_t vc = NOC_MULTICAST_WRITE_VC) {
  ttsim_sem_inc_multicast(addr, incr, num_dests, noc_id);
}
FORCE_INLINE void noc_semaphore_set_remote(uint32_t src_local_l1_addr, uint64_t dst_noc_addr,
                                           uint8_t noc = noc_index) {
  ttsim_sem_set_remote(src_local_l1_addr, dst_noc_addr, noc);
}
FORCE_INLINE void noc_semaphore_set_multicast(uint32_t src_local_l1_addr,
                                              uint64_t dst_noc_addr_multicast, uint32_t num_dests,
                                              bool linked = false, uint8_t noc = noc_index,
                                              uint8_t vc = NOC_MULTICAST_WRITE_VC) {
  ttsim_sem_set_multicast(src_local_l1_addr, dst_noc_addr_multicast, num_dests, 0, noc);
}
FORCE_INLINE void noc_semaphore_set_multicast_loopback_src(uint32_t src_local_l1_addr,
                                                           uint64_t dst_noc_addr_multicast,
                                                           uint32_t num_dests, bool linked = false,
                                                           uint8_t noc = noc_index,
                                                           uint8_t vc = NOC_MULTICAST_WRITE_VC) {
  ttsim_sem_set_multicast(src_local_l1_addr, dst_noc_addr_multicast, num_dests, 1, noc);
}
enum class InlineWriteDst : uint8_t { DEFAULT = 0, L1 = 1, REG = 2 };

// One 32-bit word to an L1 address. Partial words (byte enables other than 0xF) are refused when
// the call runs; stream-register targets when it compiles. Posted and non-posted land the same.
template <InlineWriteDst dst_type = InlineWriteDst::DEFAULT, bool posted = false, bool flush = true>
FORCE_INLINE void noc_inline_dw_write(uint64_t addr, uint32_t val, uint8_t be = 0xF,
                                      uint8_t noc = noc_index, uint8_t vc = NOC_UNICAST_WRITE_VC,
                                      uint32_t customized_src_addr = 0) {
  TTSIM_REQUIRE(dst_type != InlineWriteDst::REG, "noc_inline_dw_write<InlineWriteDst::REG>",
                "a stream-register target (stream registers are not simulated)");
  if (be != 0xF) {
    ttsim_kernel_error("noc_inline_dw_write", "byte enables other than 0xF are not simulated");
  }
  ttsim_noc_inline_write(addr, val, noc);
}

// ---- Misc
// -----------------------------------------------------------------------------------------------

FORCE_INLINE void invalidate_l1_cache() {}
FORCE_INLINE void riscv_wait(uint32_t cycles) {}
