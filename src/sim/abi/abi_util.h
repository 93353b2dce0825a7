// Helpers shared by the kernel ABI's family files (src/sim/abi/*.cc): the running engine, CB
// lookup with its error, number formatting, NoC write posting used by both NoC and semaphores.
#pragma once
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/engine.h"
#include "sim/core/strict.h"
#include "ttsim/abi.h"
#include "ttsim/error.hpp"

namespace ttsim::abi {

inline Engine& eng() {
  Engine* e = Engine::current();
  if (!e) {
    throw tt::tt_metal::SimulatorError("ttsim: kernel API called outside a running kernel");
  }
  return *e;
}

inline std::string nstr(uint64_t v) { return std::to_string(v); }

inline std::string hexs(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

inline CbState& cb_of(Engine& e, int32_t cb, const char* call) {
  Task& t = e.task();
  auto& cbs = e.core(t.core).cbs;
  if (cb < 0 || static_cast<size_t>(cb) >= cbs.size() || !cbs[cb].configured) {
    e.fail(
        t, call,
        "circular buffer " + nstr(static_cast<uint32_t>(cb)) + " is not configured on this core");
  }
  return cbs[cb];
}

inline void lenient(Engine& e, const char* call, const std::string& message) {
  ttsim::lenient(e, e.task(), call, message);
}

// Timing-only runs skip payload copies of this size and up; smaller writes (semaphores, flags)
// still land because kernels' control flow reads them.
constexpr uint32_t kTimingOnlyMinPayload = 64;

inline uint32_t noc_of(int noc) { return noc == 1 ? 1 : 0; }
inline int trid_of(int trid) { return trid >= 0 && trid < 16 ? trid : -1; }

// noc.cc: a unicast write (or, with atomic_inc, a semaphore increment) to a NoC address, and a
// multicast write/increment to a rectangle of cores; both charge the issue cost.
void unicast_write(const char* call, uint32_t src_l1, uint64_t dst_noc_addr, uint32_t size, int noc,
                   int trid, bool atomic_inc, uint32_t incr);
void mcast(const char* call, uint32_t src_l1, uint64_t dst_mcast, uint32_t size, uint32_t num_dests,
           int loopback, int noc, bool atomic_inc, uint32_t incr);

}  // namespace ttsim::abi
