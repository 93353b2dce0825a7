// Simulator speed (Google Benchmark): host time per simulated tile operation for the bench GEMM,
// functional and timing-only (TTSIM_TIMING_ONLY), reported as counters.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "gemm/gemm_program.h"

namespace {

void gemm(benchmark::State& state, bool timing_only) {
  bench::GemmConfig cfg;
  cfg.m = cfg.n = cfg.k = static_cast<uint32_t>(state.range(0));
  cfg.format = tt::DataFormat::Bfp8_b;
  cfg.fidelity = MathFidelity::HiFi2;
  if (timing_only) {
    setenv("TTSIM_TIMING_ONLY", "1", 1);
  } else {
    unsetenv("TTSIM_TIMING_ONLY");
  }
  uint64_t ops = 0, cycles = 0;
  double host = 0;
  for (auto _ : state) {
    auto r = bench::run_gemm(cfg);
    ops += r.stats.tile_ops;
    cycles = r.cycles;
    host += r.host_seconds;
  }
  unsetenv("TTSIM_TIMING_ONLY");
  state.counters["us_per_tile_op"] = ops ? host * 1e6 / ops : 0;
  state.counters["tile_ops"] = benchmark::Counter(double(ops) / state.iterations());
  state.counters["device_cycles"] = benchmark::Counter(double(cycles));
}

void BM_GemmFunctional(benchmark::State& s) { gemm(s, false); }
void BM_GemmTimingOnly(benchmark::State& s) { gemm(s, true); }

}  // namespace

BENCHMARK(BM_GemmFunctional)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_GemmTimingOnly)
    ->Arg(512)
    ->Arg(1024)
    ->Arg(2048)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_MAIN();
