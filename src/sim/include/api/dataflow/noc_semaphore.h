// Device 2.0 semaphore object (api/dataflow/noc_semaphore.h): a program semaphore by id with
// local up/down/wait/set and remote increment and multicast set through a Noc. Local updates go
// through the simulator's semaphore store so that waiting kernels see them.
#pragma once
#include "api/dataflow/noc.h"
#include "api/dataflow/semaphore_binding_token.h"
#include "hostdevcommon/sem_scope.h"

// The scope of semaphore `semaphore_id`: from the table a Metal 2.0 build defines as
// TT_METAL2_SEM_SCOPE_TABLE (a braced list indexed by id), LOCAL_NONATOMIC for ids beyond it and
// when there is no table.
constexpr SemScope sem_scope_of(uint32_t semaphore_id) {
#ifdef TT_METAL2_SEM_SCOPE_TABLE
  constexpr SemScope table[] = TT_METAL2_SEM_SCOPE_TABLE;
  return semaphore_id < sizeof(table) / sizeof(table[0]) ? table[semaphore_id]
                                                         : SemScope::LOCAL_NONATOMIC;
#else
  (void)semaphore_id;
  return SemScope::LOCAL_NONATOMIC;
#endif
}

// Scope and Access come from a SemaphoreBindingToken (deduced); a raw id gives RAW access and
// the scope of the id's entry in TT_METAL2_SEM_SCOPE_TABLE.
template <ProgrammableCoreType core_type = ProgrammableCoreType::TENSIX,
          SemScope Scope = SemScope::LOCAL_NONATOMIC, SemAccess Access = SemAccess::RAW>
class Semaphore {
  template <ProgrammableCoreType, SemScope, SemAccess>
  friend class Semaphore;
  static constexpr bool can(SemAccess needed) {
    return Access == SemAccess::RAW || Access == needed ||
           (needed == SemAccess::INCREMENT && Access != SemAccess::OBSERVE);
  }

 public:
  explicit Semaphore(uint32_t semaphore_id)
      : l1_addr_(get_semaphore<core_type>(semaphore_id)),
        scope_(Scope != SemScope::LOCAL_NONATOMIC ? Scope : sem_scope_of(semaphore_id)) {
    if (scope_ == SemScope::DM_LOCAL_CACHED) {
      ttsim_kernel_error("Semaphore",
                         "SemScope::DM_LOCAL_CACHED is a Quasar mechanism; a "
                         "Wormhole or Blackhole build never assigns it");
    }
  }

  template <uint32_t Id, SemScope S, SemAccess A>
  Semaphore(SemaphoreBindingToken<Id, S, A>) : l1_addr_(get_semaphore<core_type>(Id)), scope_(S) {
    static_assert(S == Scope && A == Access,
                  "Semaphore: the template arguments differ from the binding token's scope/access");
    static_assert(S != SemScope::DM_LOCAL_CACHED,
                  "SemScope::DM_LOCAL_CACHED is a Quasar mechanism; a Wormhole or Blackhole "
                  "build never assigns it");
  }

  // Local increment: LOCAL_NONATOMIC is a read-modify-write (not atomic against remote
  // increments, as on the device); EXTERNAL is a NoC atomic addressed to this core.
  void up(uint32_t value) {
    static_assert(can(SemAccess::INCREMENT), "Semaphore::up: the binding's access is OBSERVE");
    if (scope_ == SemScope::EXTERNAL) {
      noc_semaphore_inc(::get_noc_addr(l1_addr_), value);
      noc_async_atomic_barrier();
    } else {
      store(this->value() + value);
    }
  }
  // Atomic increment of the same semaphore on core (noc_x, noc_y).
  void up(const Noc& noc, uint32_t noc_x, uint32_t noc_y, uint32_t value,
          uint8_t vc = NOC_UNICAST_WRITE_VC) {
    static_assert(can(SemAccess::INCREMENT), "Semaphore::up: the binding's access is OBSERVE");
    noc_semaphore_inc(::get_noc_addr(noc_x, noc_y, l1_addr_, noc.get_noc_id()), value,
                      noc.get_noc_id(), vc);
  }
  // Waits until the value is at least `value`, then subtracts it.
  // EXTERNAL subtracts with a NoC atomic add of the two's complement, as the SDK does.
  void down(uint32_t value) {
    static_assert(can(SemAccess::CONSUME), "Semaphore::down: the binding's access is not CONSUME");
    wait_min(value);
    if (scope_ == SemScope::EXTERNAL) {
      noc_semaphore_inc(::get_noc_addr(l1_addr_), 0u - value);
      noc_async_atomic_barrier();
    } else {
      store(this->value() - value);
    }
  }
  void wait(uint32_t value) { noc_semaphore_wait(ptr(), value); }
  void wait_min(uint32_t value) { noc_semaphore_wait_min(ptr(), value); }
  void set(uint32_t value) {
    static_assert(can(SemAccess::SET), "Semaphore::set: the binding's access is not SET");
    store(value);
  }
  uint32_t value() const { return *ptr(); }

  // Sets this semaphore on every core of the rectangle to the local value; MCAST_INCL_SRC
  // (McastMode::INCLUDE_SRC) includes the sender.
  template <auto opt = NocOptions::DEFAULT>
  void set_multicast(const Noc& noc, uint32_t noc_x_start, uint32_t noc_y_start, uint32_t noc_x_end,
                     uint32_t noc_y_end, uint32_t num_dests, bool linked = false) {
    static_assert(can(SemAccess::SET), "Semaphore::set_multicast: the binding's access is not SET");
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
  template <ProgrammableCoreType D, SemScope S, SemAccess A>
  void relay_unicast(const Noc& noc, const Semaphore<D, S, A>& dst_sem, uint32_t noc_x,
                     uint32_t noc_y) {
    static_assert(Semaphore<D, S, A>::can(SemAccess::SET),
                  "Semaphore::relay_unicast: the destination's access is not SET");
    noc_semaphore_set_remote(l1_addr_,
                             ::get_noc_addr(noc_x, noc_y, dst_sem.l1_addr_, noc.get_noc_id()),
                             noc.get_noc_id());
  }
  // Writes this semaphore's local value into dst_sem on every core of the rectangle.
  template <auto opt = NocOptions::DEFAULT, ProgrammableCoreType D, SemScope S, SemAccess A>
  void relay_multicast(const Noc& noc, const Semaphore<D, S, A>& dst_sem, uint32_t noc_x_start,
                       uint32_t noc_y_start, uint32_t noc_x_end, uint32_t noc_y_end,
                       uint32_t num_dests, bool linked = false) {
    static_assert(Semaphore<D, S, A>::can(SemAccess::SET),
                  "Semaphore::relay_multicast: the destination's access is not SET");
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
    static_assert(can(SemAccess::INCREMENT),
                  "Semaphore::inc_multicast: the binding's access is OBSERVE");
    noc_semaphore_inc_multicast(::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end,
                                                         noc_y_end, l1_addr_, noc.get_noc_id()),
                                value, num_dests, noc.get_noc_id());
  }

 private:
  void store(uint32_t value) { noc_semaphore_set(ptr(), value); }
  volatile tt_l1_ptr uint32_t* ptr() const {
    return reinterpret_cast<volatile tt_l1_ptr uint32_t*>(static_cast<uintptr_t>(l1_addr_));
  }
  uint32_t l1_addr_;
  SemScope scope_;
};

template <uint32_t Id, SemScope S, SemAccess A>
Semaphore(SemaphoreBindingToken<Id, S, A>) -> Semaphore<ProgrammableCoreType::TENSIX, S, A>;
