// The one interface through which simulated time is priced: kernel API calls, NoC transfers (with
// link/endpoint contention), compute ops per Tensix thread. Implementations self-register by name.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "sim/arch/arch.h"
#include "sim/timing/compute_op.h"

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
  bool mcast = false, loopback = false;
  XY mcast_lo{}, mcast_hi{};  // multicast rectangle (physical corners, any order)
  int dram_bank = -1;         // the bank when `dram`
};

struct NocTiming {
  uint64_t done = 0;    // data landed (reads) / acked (writes)
  uint64_t depart = 0;  // the source left L1 (noc_async_writes_flushed)
  uint32_t links = 0;   // directed NoC links the data crossed (a multicast's tree once)
};

class NocLinkState;  // per-run reservations of links, endpoints and DRAM banks

// Contract: pure pricing functions, except transfer(), which books the transfer in `links`
// (a later transfer over a busy link or endpoint queues behind it). Never blocks.
class ICostModel {
 public:
  virtual ~ICostModel() = default;
  // Cycles the issuing RISC spends in the call itself.
  virtual uint64_t call_cycles(const ArchSpec& arch, ApiCall call) const = 0;
  virtual NocTiming transfer(const ArchSpec& arch, const NocTransfer& t, uint64_t issue,
                             NocLinkState& links) const = 0;
  // Cycles each compute thread (unpack, math, pack) spends on the op.
  virtual ComputeCost compute(const ArchSpec& arch, const ComputeOp& op) const = 0;
};

// What a run tells the model it makes (from its Settings).
struct CostModelOptions {
  std::string data_dir;  // the cost constants' directory (TTSIM_DATA_DIR); empty: built in
};

// A new instance of the registered model `name` ($TTSIM_COST_MODEL picks it for a run); the
// error for an unknown name lists the registered ones.
std::unique_ptr<ICostModel> make_cost_model(const std::string& name = "calibrated",
                                            const CostModelOptions& options = {});

}  // namespace ttsim
