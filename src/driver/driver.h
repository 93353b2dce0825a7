// The compiler driver: TileLang file -> front end -> pass pipeline -> TT-Metalium artifacts.
// Shared by `tltt compile` and `tltt run`.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frontend/frontend.h"
#include "ir/ir.h"
#include "passes/gemm_tuning.h"
#include "support/diagnostics.h"
#include "support/source_manager.h"

namespace tltt::driver {

struct CompileOptions {
  std::string file;                          // TileLang source
  std::string entry;                         // `--entry 'f(1, 2)'` or a factory name; empty = auto
  std::vector<std::string> sets;             // `--set NAME=VALUE`
  std::string device = "wormhole_b0";        // or "blackhole"
  std::vector<std::string> layouts;          // `--layout BUF=SPEC` command-line layout annotations
  std::string mesh;                          // `--mesh RxC`: split the kernel over a device mesh
  std::string dump_ir_dir;                   // non-empty: write NN_<pass>.tir after every pass
  bool time_passes = false;                  // print the pass timing table to stderr
  std::string out_dir;                       // where artifacts are written
  std::string print_after;                   // print the IR after this pass (name, id or "all")
  std::string stop_after;                    // stop the pipeline after this pass (no artifacts)
  std::vector<std::string> disabled_passes;  // `--disable-pass NAME`: optimization passes skipped
  int opt_level = 1;                         // `-O0`: every optimization pass skipped
  // `--math-fidelity` / `--fp32-dest-acc on|off`: override the kernel's pass_configs and the
  // compiler's choice (docs/python.md); empty: not given.
  std::string math_fidelity, fp32_dest_acc;
  // `--fast-math on|off`: overrides the kernel's pass_configs["tl.enable_fast_math"] (B4a's
  // approximate exponential); empty: not given.
  std::string fast_math;
  std::vector<std::string> search_path;  // `--path DIR`: where imported helper modules are found
  // A kernel with a T.dynamic size gets one program for every value of it when it can
  // (runtime_sizes.h); false: the program is specialised to the --set value.
  bool runtime_sizes = true;
  // --remarks, -W..., --diagnostics-format, --verify-diagnostics (docs/diagnostics.md).
  DiagnosticOptions diagnostics;
  // Take the per-core GEMM block `tltt tune` cached for this kernel and shape
  // (tuning_cache.h); false: --no-tuning-cache.
  bool tuning_cache = true;
  // `tltt tune`: B0 lists its candidates in it and takes its forced block instead of the
  // tuning cache's (gemm_tuning.h).
  passes::GemmTuning* gemm_tuning = nullptr;
};

// The front end's view of the options: entry, --set values, device queries, search path.
fe::EntryOptions entry_options(const CompileOptions& options);

struct Artifacts {
  std::map<std::string, std::string>
      files;  // file name -> contents (reader.cpp, ..., tt.plan.json)
  // The device programs' plans, in launch order (one for a function of one launch): what the
  // files were generated from, for reports that need the typed plan (the L1 map).
  std::vector<ir::DevicePlan> plans;
};

// The mesh of `--mesh RxC` (1 <= R * C <= 32), or nullopt with a message in *error.
std::optional<ir::MeshPlan> parse_mesh(const std::string& text, std::string* error);

// Runs the whole compile. On a user error, diagnostics have been printed to stderr and the
// result is empty.
std::optional<Artifacts> compile(const CompileOptions& options);

// An alternative front end (tests): reads options.file (with entry/sets) into the tile IR,
// reporting user errors through `diag`. Without one, compile() uses the TileLang front end
// (fe::load).
using FrontEnd = std::optional<ir::Module> (*)(const CompileOptions& options,
                                               SourceManager& sources, DiagnosticEngine& diag);
void set_front_end(FrontEnd fe);
FrontEnd front_end();

// Runs the pass pipeline and code generation on an already parsed module (tests, tools).
std::optional<Artifacts> compile_module(const ir::Module& m, const CompileOptions& options,
                                        DiagnosticEngine& diag);

// The pass pipeline alone: the lowered module, or nullopt after reporting user errors.
std::optional<ir::Module> lower(const ir::Module& m, const CompileOptions& options,
                                DiagnosticEngine& diag);

// Writes the artifacts into options.out_dir (created if needed).
bool write_artifacts(const Artifacts& artifacts, const std::string& out_dir);

}  // namespace tltt::driver
