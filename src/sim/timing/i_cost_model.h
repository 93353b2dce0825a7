// The one interface through which simulated time is charged: kernel API calls, NoC transfers,
// compute ops. Placeholder numbers live in SimpleCostModel; a later issue calibrates them.
#pragma once
#include <cstdint>

#include "sim/core/arch.h"

namespace ttsim {

enum class ApiCall : uint8_t {
  Arg,
  CbReserve,
  CbPush,
  CbWait,
  CbPop,
  CbQuery,
  NocIssue,
  Barrier,
  Semaphore,
  Dprint,
  DstSync,
  KernelStart
};

struct NocTransfer {
  XY src, dst;  // physical endpoints (reads: src is the remote side)
  uint32_t bytes = 0;
  bool dram = false;  // the remote side is a DRAM bank
  bool read = false;
  int noc = 0;
  uint32_t num_dests = 1;  // multicast receivers
};

class ICostModel {
 public:
  virtual ~ICostModel() = default;
  // Cycles the issuing RISC spends in the call itself.
  virtual uint64_t call_cycles(ApiCall call) const = 0;
  // Cycles from issue until the transfer's data has landed (and, for writes, been acked).
  virtual uint64_t transfer_cycles(const ArchSpec& arch, const NocTransfer& t) const = 0;
  // Cycles from issue until a write's source has left L1 (noc_async_writes_flushed).
  virtual uint64_t depart_cycles(const ArchSpec& arch, const NocTransfer& t) const = 0;
};

}  // namespace ttsim
