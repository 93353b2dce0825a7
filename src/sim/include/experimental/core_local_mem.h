// experimental/core_local_mem.h: CoreLocalMem<T>, a typed view of an address in this core's L1
// (element access, pointer arithmetic) that is also a local Noc endpoint ({.offset_bytes}).
// L1 addresses are host addresses in the simulator, so the view dereferences them directly.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include <compare>
#include <type_traits>

#include "experimental/noc.h"

namespace experimental {

template <typename T, typename AddressType = uintptr_t>
class CoreLocalMem {
  static_assert(std::is_integral_v<AddressType> && std::is_unsigned_v<AddressType>,
                "CoreLocalMem: AddressType must be an unsigned integer");

 public:
  using difference_type = ptrdiff_t;

  CoreLocalMem(AddressType address) : address_(address) {}
  CoreLocalMem(T* ptr) : address_(reinterpret_cast<AddressType>(ptr)) {}

  tt_l1_ptr T* get_unsafe_ptr() const { return reinterpret_cast<tt_l1_ptr T*>(address_); }
  AddressType get_address() const { return address_; }

  T& operator[](uint32_t index) const { return get_unsafe_ptr()[index]; }
  T& operator*() const { return *get_unsafe_ptr(); }
  tt_l1_ptr T* operator->() const { return get_unsafe_ptr(); }

  CoreLocalMem& operator+=(difference_type n) {
    address_ += n * sizeof(T);
    return *this;
  }
  CoreLocalMem& operator-=(difference_type n) {
    address_ -= n * sizeof(T);
    return *this;
  }
  CoreLocalMem& operator++() { return *this += 1; }
  CoreLocalMem& operator--() { return *this -= 1; }
  CoreLocalMem operator++(int) {
    CoreLocalMem old = *this;
    *this += 1;
    return old;
  }
  CoreLocalMem operator--(int) {
    CoreLocalMem old = *this;
    *this -= 1;
    return old;
  }
  CoreLocalMem operator+(difference_type n) const {
    return CoreLocalMem(static_cast<AddressType>(address_ + n * sizeof(T)));
  }
  CoreLocalMem operator-(difference_type n) const {
    return CoreLocalMem(static_cast<AddressType>(address_ - n * sizeof(T)));
  }
  difference_type operator-(const CoreLocalMem& o) const {
    return (static_cast<difference_type>(address_) - static_cast<difference_type>(o.address_)) /
           static_cast<difference_type>(sizeof(T));
  }
  auto operator<=>(const CoreLocalMem&) const = default;
  explicit operator bool() const { return address_ != 0; }
  [[nodiscard]] ttsim_scoped_lock scoped_lock(size_t num_elements) { return {}; }

 private:
  AddressType address_;
};

}  // namespace experimental

template <typename T, typename AddressType>
struct noc_traits_t<experimental::CoreLocalMem<T, AddressType>> {
  struct src_args_type {
    AddressType offset_bytes = 0;
  };
  using dst_args_type = src_args_type;
  template <Noc::AddressType t>
  static uint32_t src_addr(const experimental::CoreLocalMem<T, AddressType>& m, const Noc&,
                           const src_args_type& a) {
    static_assert(t == Noc::AddressType::LOCAL_L1, "CoreLocalMem is local L1 only");
    return static_cast<uint32_t>(m.get_address() + a.offset_bytes);
  }
  template <Noc::AddressType t>
  static uint32_t dst_addr(const experimental::CoreLocalMem<T, AddressType>& m, const Noc& noc,
                           const dst_args_type& a) {
    return src_addr<t>(m, noc, a);
  }
};
