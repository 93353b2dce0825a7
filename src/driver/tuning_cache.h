// The tuning cache: the per-core GEMM block `tltt tune` measured fastest for a kernel at its
// sizes on a device, reused by later compiles (B0 says so in a remark). One JSON file per key in
// <kernel cache>/tuning/ ($TTSIM_CACHE_DIR, else $XDG_CACHE_HOME/ttsim, else ~/.cache/ttsim, as
// the simulator's kernel cache), keyed by content, never by path.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "driver/driver.h"
#include "passes/gemm_tuning.h"

namespace tltt::driver {

// One measured candidate, kept in the entry for people reading it.
struct TunedRun {
  passes::GemmBlock block;
  double model_cycles = 0;
  double simulated_us = 0;
  double roofline = 0;  // fraction of the binding roofline
};

struct TuningEntry {
  std::string key;
  std::string kernel, entry, device;                // what was tuned (informational)
  std::map<std::string, passes::GemmBlock> blocks;  // function -> the winning block
  std::vector<TunedRun> runs;                       // every candidate measured, in model order
};

// The key of a kernel at its sizes and options: a content hash of the front end's IR (the
// kernel file and its imports at the entry's sizes, not their paths), the --set values, the
// device and what changes B0's candidates (layouts, mesh, disabled passes, -O level).
std::string tuning_key(const ir::Module& m, const CompileOptions& options);

// <kernel cache directory>/tuning, or $TLTT_TUNING_CACHE_DIR when set (tests: a private tuning
// cache that still shares the content-addressed kernel cache, so nothing is recompiled).
std::string tuning_cache_dir();

std::string to_json(const TuningEntry& e);
// Nullopt when the text is not an entry of this format version.
std::optional<TuningEntry> entry_from_json(const std::string& text);

// The entry stored under `key`, if any (and readable).
std::optional<TuningEntry> load_tuning(const std::string& key);
// Writes the entry under its key: a private temporary file renamed over the entry, so readers
// and concurrent writers only ever see whole entries. False with *error set on failure.
bool store_tuning(const TuningEntry& e, std::string* error);

// Whether compiles may take a cached block: options.tuning_cache (--no-tuning-cache clears it)
// and $TLTT_TUNING_CACHE, which turns the cache off when set to 0.
bool tuning_cache_enabled(const CompileOptions& options);

}  // namespace tltt::driver
