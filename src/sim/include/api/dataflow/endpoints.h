// Device 2.0 endpoints (api/dataflow/endpoints.h) for Noc transfers: a core's L1 by NoC
// coordinates (UnicastEndpoint), a rectangle of cores (MulticastEndpoint) and an allocator bank
// by bank id (AllocatorBank<L1 | DRAM>).
#pragma once
#include "api/dataflow/noc.h"

struct UnicastEndpoint {
  uint64_t get_noc_unicast_addr(uint32_t noc_x, uint32_t noc_y, uint32_t addr, uint8_t noc) const {
    return ::get_noc_addr(noc_x, noc_y, addr, noc);
  }
};

struct MulticastEndpoint {
  uint64_t get_noc_multicast_addr(uint32_t noc_x_start, uint32_t noc_y_start, uint32_t noc_x_end,
                                  uint32_t noc_y_end, uint32_t addr, uint8_t noc) const {
    return ::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end, noc_y_end, addr, noc);
  }
};

enum class AllocatorBankType { L1, DRAM };

template <AllocatorBankType bank_type>
struct AllocatorBank {
  uint64_t get_noc_addr_from_bank_id(uint32_t bank_id, uint32_t addr, uint8_t noc) const {
    return ::get_noc_addr_from_bank_id<bank_type == AllocatorBankType::DRAM>(bank_id, addr, noc);
  }
};

// {.noc_x, .noc_y, .addr}; as a local L1 endpoint only .addr counts.
template <>
struct noc_traits_t<UnicastEndpoint> {
  struct src_args_type {
    uint32_t noc_x{};
    uint32_t noc_y{};
    uint32_t addr{};
  };
  using dst_args_type = src_args_type;
  template <Noc::AddressType t>
  static uint64_t src_addr(const UnicastEndpoint& e, const Noc& noc, const src_args_type& a) {
    if constexpr (t == Noc::AddressType::LOCAL_L1) {
      return a.addr;
    }
    return e.get_noc_unicast_addr(a.noc_x, a.noc_y, a.addr, noc.get_noc_id());
  }
  template <Noc::AddressType t>
  static uint64_t dst_addr(const UnicastEndpoint& e, const Noc& noc, const dst_args_type& a) {
    return src_addr<t>(e, noc, a);
  }
};

// {.noc_x_start, .noc_y_start, .noc_x_end, .noc_y_end, .addr}: multicast destinations only.
template <>
struct noc_traits_t<MulticastEndpoint> {
  struct dst_args_mcast_type {
    uint32_t noc_x_start{};
    uint32_t noc_y_start{};
    uint32_t noc_x_end{};
    uint32_t noc_y_end{};
    uint32_t addr{};
  };
  template <Noc::AddressType t>
  static uint64_t dst_addr_mcast(const MulticastEndpoint& e, const Noc& noc,
                                 const dst_args_mcast_type& a) {
    static_assert(t == Noc::AddressType::NOC, "a MulticastEndpoint is never local L1");
    return e.get_noc_multicast_addr(a.noc_x_start, a.noc_y_start, a.noc_x_end, a.noc_y_end, a.addr,
                                    noc.get_noc_id());
  }
};

// {.bank_id, .addr}: a NoC address only (banks are not this core's L1).
template <AllocatorBankType bank_type>
struct noc_traits_t<AllocatorBank<bank_type>> {
  struct src_args_type {
    uint32_t bank_id{};
    uint32_t addr{};
  };
  using dst_args_type = src_args_type;
  template <Noc::AddressType t>
  static uint64_t src_addr(const AllocatorBank<bank_type>& b, const Noc& noc,
                           const src_args_type& a) {
    static_assert(t == Noc::AddressType::NOC, "an AllocatorBank is addressed over the NoC");
    return b.get_noc_addr_from_bank_id(a.bank_id, a.addr, noc.get_noc_id());
  }
  template <Noc::AddressType t>
  static uint64_t dst_addr(const AllocatorBank<bank_type>& b, const Noc& noc,
                           const dst_args_type& a) {
    return src_addr<t>(b, noc, a);
  }
};
