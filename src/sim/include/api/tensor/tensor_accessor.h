// TensorAccessor / TensorAccessorArgs on the kernel side (api/tensor/tensor_accessor.h): page
// addresses of interleaved (DRAM or L1) and sharded buffers from the compile-time args that the
// host's TensorAccessorArgs(buffer).append_to(ct_args) wrote: [config, aligned page size] and,
// when sharded, [rank=2, banks, tensor pages h, w, shard pages h, w, bank codes (2 per word)].
#pragma once
#include <stdint.h>

#include "api/compile_time_args.h"
#include "ttsim/kernel_common.h"

namespace tensor_accessor {
enum ArgConfig : uint32_t { Sharded = 1, IsDram = 2, RuntimeRank = 4, RuntimeNumBanks = 8 };
}

template <uint32_t CTA_OFFSET, uint32_t CRTA_OFFSET = 0>
struct TensorAccessorArgs {
  static constexpr uint32_t config = ttsim_ct::arg_or_zero(CTA_OFFSET);
  static constexpr bool is_sharded = (config & 1u) != 0;
  static constexpr bool is_dram = (config & 2u) != 0;
  static constexpr uint32_t AlignedPageSize = ttsim_ct::arg_or_zero(CTA_OFFSET + 1);
  static constexpr uint32_t rank = is_sharded ? ttsim_ct::arg_or_zero(CTA_OFFSET + 2) : 0;
  static constexpr uint32_t num_banks = is_sharded ? ttsim_ct::arg_or_zero(CTA_OFFSET + 3) : 0;
  static constexpr uint32_t tensor_h = is_sharded ? ttsim_ct::arg_or_zero(CTA_OFFSET + 4) : 0;
  static constexpr uint32_t tensor_w = is_sharded ? ttsim_ct::arg_or_zero(CTA_OFFSET + 5) : 0;
  static constexpr uint32_t shard_h = is_sharded ? ttsim_ct::arg_or_zero(CTA_OFFSET + 6) : 0;
  static constexpr uint32_t shard_w = is_sharded ? ttsim_ct::arg_or_zero(CTA_OFFSET + 7) : 0;
  static constexpr uint32_t num_ct_args = is_sharded ? 8 + (num_banks + 1) / 2 : 2;
  static_assert(CTA_OFFSET + 2 <= ttsim_ct::count,
                "TensorAccessorArgs: the compile-time args hold no accessor at this offset");

  static constexpr uint32_t bank_code(uint32_t i) {
    return (ttsim_ct::arg_or_zero(CTA_OFFSET + 8 + i / 2) >> (16 * (i % 2))) & 0xffffu;
  }
  constexpr uint32_t next_compile_time_args_offset() const { return CTA_OFFSET + num_ct_args; }
  constexpr uint32_t next_common_runtime_args_offset() const { return CRTA_OFFSET; }
  static constexpr uint32_t compile_time_args_skip() { return num_ct_args; }
  static constexpr uint32_t runtime_args_skip() { return 0; }
};

template <typename Args>
struct TensorAccessor {
  uint32_t bank_base_address = 0;
  uint32_t page_size = 0;

  constexpr TensorAccessor(const Args&, uint32_t base, uint32_t page = Args::AlignedPageSize)
      : bank_base_address(base), page_size(page) {}
  constexpr TensorAccessor(uint32_t base, uint32_t page = Args::AlignedPageSize)
      : bank_base_address(base), page_size(page) {}

  uint32_t get_aligned_page_size() const {
    return ttsim_kc::align_up(page_size,
                              Args::is_dram ? ttsim_dram_alignment() : ttsim_l1_alignment());
  }
  uint32_t get_page_size() const { return page_size; }

  uint64_t get_noc_addr(uint32_t page_id, uint32_t offset = 0, uint8_t noc = noc_index) const {
    if constexpr (Args::is_sharded) {
      constexpr uint32_t gw = (Args::tensor_w + Args::shard_w - 1) / Args::shard_w;
      uint32_t pr = page_id / Args::tensor_w, pc = page_id % Args::tensor_w;
      uint32_t shard = (pr / Args::shard_h) * gw + pc / Args::shard_w;
      uint32_t local = (pr % Args::shard_h) * Args::shard_w + pc % Args::shard_w;
      return shard_addr(shard, local * get_aligned_page_size() + offset, noc);
    } else {
      uint32_t nb = ttsim_num_banks(Args::is_dram);
      return ttsim_bank_noc_addr(
          Args::is_dram, page_id % nb,
          bank_base_address + (page_id / nb) * get_aligned_page_size() + offset, noc);
    }
  }
  uint64_t get_shard_noc_addr(uint32_t shard_id, uint32_t offset = 0,
                              uint8_t noc = noc_index) const {
    static_assert(Args::is_sharded, "get_shard_noc_addr needs a sharded tensor");
    return shard_addr(shard_id, offset, noc);
  }
  uint32_t shard_bytes() const { return Args::shard_h * Args::shard_w * get_aligned_page_size(); }
  bool is_local_bank(uint32_t x, uint32_t y, uint8_t noc = noc_index) const {
    return x == my_x[noc] && y == my_y[noc];
  }
  // Whether a NoC address is on this core (the node bits above the 36-bit local address).
  bool is_local_addr(uint64_t noc_addr, uint8_t noc = noc_index) const {
    static_assert(Args::is_sharded, "is_local_addr needs a sharded tensor (as the SDK's)");
    return (noc_addr >> 36) == (ttsim_noc_xy_addr(my_x[noc], my_y[noc], 0, noc) >> 36);
  }
  // Whether page `page_id` lives in this core's L1.
  bool is_local_page(uint32_t page_id, uint8_t noc = noc_index) const {
    static_assert(Args::is_sharded, "is_local_page needs a sharded tensor (as the SDK's)");
    constexpr uint32_t gw = (Args::tensor_w + Args::shard_w - 1) / Args::shard_w;
    uint32_t pr = page_id / Args::tensor_w, pc = page_id % Args::tensor_w;
    return is_local_shard((pr / Args::shard_h) * gw + pc / Args::shard_w, noc);
  }
  // Whether shard `shard_id` lives in this core's L1 (never for a DRAM tensor).
  bool is_local_shard(uint32_t shard_id, uint8_t noc = noc_index) const {
    static_assert(Args::is_sharded, "is_local_shard needs a sharded tensor");
    if constexpr (Args::is_dram) {
      return false;
    } else {
      uint32_t code = Args::bank_code(shard_id % Args::num_banks);
      return is_local_bank(code >> 8, code & 0xff, noc);
    }
  }

 private:
  uint64_t shard_addr(uint32_t shard, uint32_t byte_off, uint8_t noc) const {
    if constexpr (Args::is_sharded) {
      uint32_t bank = shard % Args::num_banks, slot = shard / Args::num_banks;
      uint32_t addr = bank_base_address + slot * shard_bytes() + byte_off;
      uint32_t code = Args::bank_code(bank);
      if constexpr (Args::is_dram) {
        return ttsim_bank_noc_addr(1, code, addr, noc);
      }
      return ttsim_noc_xy_addr(code >> 8, code & 0xff, addr, noc);
    }
    return 0;
  }
};

template <typename Args>
TensorAccessor(const Args&, uint32_t, uint32_t) -> TensorAccessor<Args>;
template <typename Args>
TensorAccessor(const Args&, uint32_t) -> TensorAccessor<Args>;

// Views that make an accessor a Noc endpoint addressed by page (PageView: {.page_id,
// .offset_bytes}) or by whole shard (ShardView: {.shard_id, .offset_bytes}); their noc_traits_t
// are in api/dataflow/noc.h.
template <typename Accessor>
struct PageView {
  const Accessor& accessor;
  explicit PageView(const Accessor& acc) : accessor(acc) {}
  uint64_t get_noc_addr(uint32_t page_id, uint32_t offset, uint8_t noc) const {
    return accessor.get_noc_addr(page_id, offset, noc);
  }
};

template <typename Accessor>
struct ShardView {
  const Accessor& accessor;
  explicit ShardView(const Accessor& acc) : accessor(acc) {}
  bool is_local_shard(uint32_t shard_id, uint8_t noc) const {
    return accessor.is_local_shard(shard_id, noc);
  }
  uint64_t get_noc_addr(uint32_t shard_id, uint32_t offset, uint8_t noc) const {
    return accessor.get_shard_noc_addr(shard_id, offset, noc);
  }
};
