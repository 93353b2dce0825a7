// The typed interface through which tools see and steer B0's per-core GEMM block choice: B0
// lists its ranked candidates here, `tltt tune` forces each of the best in turn, and later
// compiles pass the tuning cache's winner back (driver/tuning_cache.h).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tltt::passes {

// A per-core block: M x N of output and the K step, in elements.
struct GemmBlock {
  int64_t bm = 0, bn = 0, bk = 0;
  bool operator==(const GemmBlock&) const = default;
  std::string str() const {  // "128x256x64"
    return std::to_string(bm) + "x" + std::to_string(bn) + "x" + std::to_string(bk);
  }
};

struct GemmCandidate {
  std::string function;  // the PrimFunc whose GEMM it re-blocks
  GemmBlock block;
  double model_cycles = 0;  // the cost model's estimate (gemm_cost::Candidate::cycles)
  std::string bound;        // the model's binding term: "compute", "per-core reads" or "DRAM"
  bool user = false;        // the user's own block
  std::string summary;      // what the remark says about it (blocks, cores, rounds, multicast)
};

struct GemmTuning {
  // Filled by B0 for every GEMM it can re-block, best first as B0 ranks them: the first is
  // B0's own choice (the user's block when B0 keeps it; a user block over L1, which C1 then
  // reports, is not listed), the rest the other L1-feasible blocks by estimated cycles.
  std::vector<GemmCandidate> candidates;
  // Set by the caller: function name -> the block B0 takes instead of its own choice when it
  // is one of that function's candidates (B0 says in a remark when it is not). `source` names
  // where the choice came from for that remark ("the tuning cache", "tltt tune").
  std::map<std::string, GemmBlock> forced;
  std::string source;
};

}  // namespace tltt::passes
