// Device 2.0 semaphore object (api/dataflow/noc_semaphore.h): a program semaphore by id with
// local up/down/wait/set and remote increment and multicast set through a Noc. Local updates go
// through the simulator's semaphore store so that waiting kernels see them.
#pragma once
#include "api/dataflow/noc.h"

template <ProgrammableCoreType core_type = ProgrammableCoreType::TENSIX>
class Semaphore {
  template <ProgrammableCoreType>
  friend class Semaphore;

 public:
  explicit Semaphore(uint32_t semaphore_id) : l1_addr_(get_semaphore<core_type>(semaphore_id)) {}

  // Local increment (not atomic against remote increments, as on the device).
  void up(uint32_t value) { set(this->value() + value); }
  // Atomic increment of the same semaphore on core (noc_x, noc_y).
  void up(const Noc& noc, uint32_t noc_x, uint32_t noc_y, uint32_t value,
          uint8_t vc = NOC_UNICAST_WRITE_VC) {
    noc_semaphore_inc(::get_noc_addr(noc_x, noc_y, l1_addr_, noc.get_noc_id()), value,
                      noc.get_noc_id(), vc);
  }
  // Waits until the value is at least `value`, then subtracts it.
  void down(uint32_t value) {
    wait_min(value);
    set(this->value() - value);
  }
  void wait(uint32_t value) { noc_semaphore_wait(ptr(), value); }
  void wait_min(uint32_t value) { noc_semaphore_wait_min(ptr(), value); }
  void set(uint32_t value) { noc_semaphore_set(ptr(), value); }
  uint32_t value() const { return *ptr(); }

  // Sets this semaphore on every core of the rectangle to the local value; MCAST_INCL_SRC
  // (McastMode::INCLUDE_SRC) includes the sender.
  template <auto opt = NocOptions::DEFAULT>
  void set_multicast(const Noc& noc, uint32_t noc_x_start, uint32_t noc_y_start, uint32_t noc_x_end,
                     uint32_t noc_y_end, uint32_t num_dests, bool linked = false) {
    uint64_t mcast = ::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end, noc_y_end,
                                              l1_addr_, noc.get_noc_id());
    if constexpr (has_flag(ttsim_noc::flags<opt>(), NocOptions::MCAST_INCL_SRC)) {
      noc_semaphore_set_multicast_loopback_src(l1_addr_, mcast, num_dests, linked,
                                               noc.get_noc_id());
    } else {
      noc_semaphore_set_multicast(l1_addr_, mcast, num_dests, linked, noc.get_noc_id());
    }
  }
  // Writes this semaphore's local value into another semaphore (dst_sem) on core (noc_x, noc_y).
  template <ProgrammableCoreType dst_core_type = core_type>
  void relay_unicast(const Noc& noc, const Semaphore<dst_core_type>& dst_sem, uint32_t noc_x,
                     uint32_t noc_y) {
    noc_semaphore_set_remote(l1_addr_,
                             ::get_noc_addr(noc_x, noc_y, dst_sem.l1_addr_, noc.get_noc_id()),
                             noc.get_noc_id());
  }
  // Writes this semaphore's local value into dst_sem on every core of the rectangle.
  template <auto opt = NocOptions::DEFAULT, ProgrammableCoreType dst_core_type = core_type>
  void relay_multicast(const Noc& noc, const Semaphore<dst_core_type>& dst_sem,
                       uint32_t noc_x_start, uint32_t noc_y_start, uint32_t noc_x_end,
                       uint32_t noc_y_end, uint32_t num_dests, bool linked = false) {
    uint64_t mcast = ::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end, noc_y_end,
                                              dst_sem.l1_addr_, noc.get_noc_id());
    if constexpr (has_flag(ttsim_noc::flags<opt>(), NocOptions::MCAST_INCL_SRC)) {
      noc_semaphore_set_multicast_loopback_src(l1_addr_, mcast, num_dests, linked,
                                               noc.get_noc_id());
    } else {
      noc_semaphore_set_multicast(l1_addr_, mcast, num_dests, linked, noc.get_noc_id());
    }
  }
  // Atomic increment of this semaphore on every core of the rectangle (sender excluded).
  void inc_multicast(const Noc& noc, uint32_t noc_x_start, uint32_t noc_y_start, uint32_t noc_x_end,
                     uint32_t noc_y_end, uint32_t value, uint32_t num_dests) {
    noc_semaphore_inc_multicast(::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end,
                                                         noc_y_end, l1_addr_, noc.get_noc_id()),
                                value, num_dests, noc.get_noc_id());
  }

 private:
  volatile tt_l1_ptr uint32_t* ptr() const {
    return reinterpret_cast<volatile tt_l1_ptr uint32_t*>(static_cast<uintptr_t>(l1_addr_));
  }
  uint32_t l1_addr_;
};
