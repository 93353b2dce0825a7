// `tltt run`: compile a TileLang kernel, build and run the host program on the simulator with
// seeded inputs, interpret the original IR on the CPU and compare.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "driver/driver.h"

namespace tltt {
class DiagnosticEngine;
namespace ir {
struct PrimFunc;
}
}  // namespace tltt

namespace tltt::runner {

// The figures of a timing-only run (`tltt tune` ranks candidates by them).
struct TimingStats {
  int64_t device_cycles = 0;
  double device_time_us = 0;
  std::string bound;       // the roofline that binds: "compute" or "dram"
  double roofline = 0;     // fraction of that roofline
  double matrix_peak = 0;  // fraction of the matrix engine's peak at the kernel's fidelity
};

struct RunOptions {
  driver::CompileOptions compile;  // file, entry, sets, device, layouts, dump options
  uint64_t seed = 0;
  // --input-scale NAME=FACTOR: the random floats of input tensor NAME are multiplied by FACTOR
  // (then rounded to its dtype), for kernels whose outputs leave the output dtype's range on
  // inputs in [-1, 1) (a recurrence that grows at every step): the reference and the device
  // then compare finite values.
  std::map<std::string, double> input_scales;
  // --input NAME=SPEC: input tensor NAME takes the values SPEC gives (a .npy or raw file,
  // literal values, an integer generator: runner/inputs.h) instead of random ones, on the
  // device and in the reference alike; index tensors (cu_seqlens) need valid offsets.
  std::map<std::string, std::string> inputs;
  std::string artifacts_dir;     // hidden --artifacts: use this directory instead of compiling
  double timeout_seconds = 600;  // per child process (host-program build, program run)
  bool keep = false;             // keep the work directory even on PASS
  std::string trace_file;        // --trace: Chrome trace of the simulated run (TTSIM_TRACE)
  std::string report_dir;  // --report: utilization table, core-grid SVG (TTSIM_REPORT_DIR), L1 map
  // --timing-only: the simulator skips the arithmetic (TTSIM_TIMING_ONLY) and there is no
  // reference and no check; the run ends with a TIMING line (device time, roofline utilization).
  bool timing_only = false;
  // --check=sample: the reference interprets only `sample_blocks` T.Kernel blocks, chosen from
  // the seed, and only the output elements they write are compared (said on the PASS line).
  bool check_sample = false;
  int64_t sample_blocks = 8;
  // With `--mesh`: the artifacts of the same kernel compiled for one device (run() fills it);
  // run_artifacts runs them timing-only after the mesh run and reports the speed-up.
  std::string single_device_artifacts;
  // With timing_only: filled with the run's figures when it passes.
  TimingStats* timing_out = nullptr;
};

// Exit statuses of `tltt run`.
enum ExitCode : int {
  kPass = 0,
  kFail = 1,          // mismatch, or a compile/user error (diagnostics printed)
  kProgramError = 2,  // the host program or the simulator failed (its message printed)
  kBuildError = 3,    // main.cpp did not build against the simulator
};

// Where work directories and the program cache go: $TLTT_WORK_DIR, else $TMPDIR/tltt-<uid>.
std::string work_root();

// Runs everything for a kernel file; prints progress lines and, last, the PASS/FAIL line.
int run(const RunOptions& options);

// The part after loading the kernel: artifacts in `artifact_dir` (already produced), the
// original IR `func`. Work files go under `work_dir`. Used by run() and by tests.
int run_artifacts(const ir::PrimFunc& func, const std::string& artifact_dir,
                  const std::string& work_dir, const RunOptions& options);

}  // namespace tltt::runner
