// Kernel ABI, semaphores: local wait/set, remote and multicast increments and sets (through the
// NoC writes of noc.cc). Cost: ApiCall::Semaphore (noc.semaphore_cycles) for local calls;
// remote ones are NoC writes (ApiCall::NocIssue plus the transfer).
#include <cstring>
#include "sim/abi/abi_util.h"

using namespace ttsim;
using namespace ttsim::abi;

extern "C" {

uint32_t ttsim_get_semaphore(uint32_t id) {
  Engine& e = eng();
  if (id >= L1Layout::kNumSems) {
    e.fail(e.task(), "get_semaphore", "semaphore id " + nstr(id) + " out of range");
  }
  return L1Layout::kSemBase + id * L1Layout::kSemStride;
}

void ttsim_sem_wait(uint32_t l1_addr, uint32_t value, int at_least) {
  Engine& e = eng();
  Task& t = e.task();
  const char* call = at_least ? "noc_semaphore_wait_min" : "noc_semaphore_wait";
  e.check_local_l1(l1_addr, 4, call);
  const uint8_t* p = e.l1(t.core, l1_addr);
  auto read = [p] {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  };
  e.block(
      call, [read, value, at_least] { return at_least ? read() >= value : read() == value; },
      [read, value, at_least, l1_addr] {
        return "semaphore at L1 " + hexs(l1_addr) + " is " + std::to_string(read()) +
               ", waiting for " + (at_least ? ">= " : "== ") + std::to_string(value);
      });
  e.charge_call(ApiCall::Semaphore);
}

void ttsim_sem_set(uint32_t l1_addr, uint32_t value) {
  Engine& e = eng();
  Task& t = e.task();
  e.check_local_l1(l1_addr, 4, "noc_semaphore_set");
  std::memcpy(e.l1(t.core, l1_addr), &value, 4);
  e.mark_dirty(t.core);
  e.charge_call(ApiCall::Semaphore);
}

void ttsim_sem_inc(uint64_t noc_addr, uint32_t incr, int noc) {
  unicast_write("noc_semaphore_inc", 0, noc_addr, 4, noc, -1, true, incr);
}

void ttsim_sem_inc_multicast(uint64_t mcast_addr, uint32_t incr, uint32_t num_dests, int noc) {
  mcast("noc_semaphore_inc_multicast", 0, mcast_addr, 4, num_dests, 0, noc, true, incr);
}

void ttsim_sem_set_remote(uint32_t src_l1, uint64_t dst_noc_addr, int noc) {
  unicast_write("noc_semaphore_set_remote", src_l1, dst_noc_addr, 4, noc, -1, false, 0);
}

void ttsim_sem_set_multicast(uint32_t src_l1, uint64_t dst_mcast, uint32_t num_dests, int loopback,
                             int noc) {
  mcast(loopback ? "noc_semaphore_set_multicast_loopback_src" : "noc_semaphore_set_multicast",
        src_l1, dst_mcast, 4, num_dests, loopback, noc, false, 0);
}

}  // extern "C"
