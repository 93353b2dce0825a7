// Placeholder cost model: fixed call costs, NoC latency by Manhattan hops plus bytes/bandwidth.
#pragma once
#include "sim/timing/i_cost_model.h"

namespace ttsim {

class SimpleCostModel : public ICostModel {
 public:
  uint64_t call_cycles(ApiCall call) const override;
  uint64_t transfer_cycles(const ArchSpec& arch, const NocTransfer& t) const override;
  uint64_t depart_cycles(const ArchSpec& arch, const NocTransfer& t) const override;
};

}  // namespace ttsim
