// `tltt tune`: runs B0's best-ranked per-core GEMM blocks on the simulator in timing-only mode,
// prints the model's and the simulator's figures side by side and stores the fastest block in
// the tuning cache (driver/tuning_cache.h), which later compiles of the same kernel reuse.
#pragma once
#include "runner/runner.h"

namespace tltt::runner {

struct TuneOptions {
  // The kernel (file, entry, --set, device, layouts, disabled passes) and the per-run timeout;
  // each candidate runs as `tltt run --timing-only` with these options.
  RunOptions run;
  int top = 4;  // candidates measured, from the model's best
};

// Exit status 0 when every candidate ran and the winner is stored; 1 on a compile or user error
// (no GEMM B0 can re-block included), 2 when a candidate failed to run (its log is kept).
int tune(const TuneOptions& options);

}  // namespace tltt::runner
