// The pass registry (generated from passes.def) and the straight-line pipeline runner: verify
// after every pass, optional per-pass IR dumps, print-after and a timing table.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "passes/pass.h"

namespace tltt::passes {

struct PassInfo {
  const char* id;
  const char* name;
  PassFn fn;
  const char* summary;
  const char* description;
  bool optimization;  // TLTT_OPT_PASS: may be disabled (--disable-pass, -O0)
};

const std::vector<PassInfo>& pass_registry();
// By kebab-case name or id (e.g. "shared-to-cb" or "C1").
const PassInfo* find_pass(std::string_view name);
// The `--list-passes` text: id, name, summary and description of every pass in order.
std::string list_passes_text();

struct PipelineOptions {
  std::string dump_ir_dir;   // non-empty: write 00_input.tir and NN_<pass>.tir
  bool time_passes = false;  // print the timing table to stderr
  std::string print_after;   // print the IR after this pass to stdout (name or id; "all")
  std::string stop_after;    // stop after this pass (name or id)
  // `--disable-pass NAME` (name or id; only optimization passes) and `-O0` (every one).
  std::vector<std::string> disabled_passes;
  bool no_optimization = false;
};

// The optimization passes `options` switches off; nullopt after a located error (at
// ctx.cli_loc) for an unknown pass or a required lowering pass.
std::optional<std::vector<const PassInfo*>> disabled_passes(const PipelineOptions& options,
                                                            PassContext& ctx);

// Runs the pipeline; nullopt once a pass reported an error (diagnostics already emitted).
// Throws InternalError if the IR verifier rejects a pass's output.
std::optional<ir::Module> run_pipeline(const ir::Module& m, PassContext& ctx,
                                       const PipelineOptions& options);

// Runs a single pass with verification (tests).
std::optional<ir::Module> run_pass(const PassInfo& pass, const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
