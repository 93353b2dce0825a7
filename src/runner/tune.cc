// `tltt tune` (tune.h): B0's candidates through the typed interface of passes/gemm_tuning.h,
// one `tltt run --timing-only` per candidate with that block forced, the table, the cache entry.
#include "runner/tune.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "device/device.h"
#include "driver/tuning_cache.h"
#include "runner/kernel_source.h"

namespace fs = std::filesystem;

namespace tltt::runner {

namespace {

// Sends this process's stdout and stderr to a file while it lives: a candidate's run prints
// what `tltt run` prints, which goes to its log so the table stays readable.
class OutputTo {
 public:
  explicit OutputTo(const std::string& path) {
    std::fflush(stdout);
    std::fflush(stderr);
    saved_out_ = ::dup(1);
    saved_err_ = ::dup(2);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
  }
  ~OutputTo() {
    std::fflush(stdout);
    std::fflush(stderr);
    ::dup2(saved_out_, 1);
    ::dup2(saved_err_, 2);
    ::close(saved_out_);
    ::close(saved_err_);
  }
  OutputTo(const OutputTo&) = delete;
  OutputTo& operator=(const OutputTo&) = delete;

 private:
  int saved_out_ = -1, saved_err_ = -1;
};

std::string tail_of(const std::string& path, size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string l; std::getline(in, l);) {
    all.push_back(l);
  }
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    out += "  " + all[i] + "\n";
  }
  return out;
}

}  // namespace

int tune(const TuneOptions& given) {
  const device::Description* desc = device::find(given.run.compile.device);
  if (!desc) {
    fmt::print(stderr, "tltt tune: unknown device '{}' (known: {})\n", given.run.compile.device,
               device::known_names());
    return 1;
  }
  TuneOptions options = given;
  driver::CompileOptions& copts = options.run.compile;
  copts.device = desc->name;

  // B0's candidates: the pipeline up to B0, on the module the key is computed from.
  SourceManager sources;
  DiagnosticEngine diag(&sources);
  diag.set_options(copts.diagnostics);
  std::optional<ir::Module> module = load_module(copts, sources, diag);
  if (!module || diag.has_errors()) {
    return 1;
  }
  passes::GemmTuning listing;
  {
    driver::CompileOptions list = copts;
    list.gemm_tuning = &listing;
    list.stop_after = "work-decomposition";
    list.out_dir.clear();
    if (!driver::compile_module(*module, list, diag)) {
      return 1;
    }
  }
  if (listing.candidates.empty()) {
    fmt::print(stderr,
               "tltt tune: {}: no GEMM whose per-core block B0 (work-decomposition) chooses; "
               "`tltt compile --remarks=B0` says why\n",
               copts.file);
    return 1;
  }
  // One GEMM kernel is tuned: the first B0 listed (the kernel `tltt run` runs).
  const std::string function = listing.candidates[0].function;
  std::vector<passes::GemmCandidate> candidates;
  for (const passes::GemmCandidate& c : listing.candidates) {
    if (c.function == function) {
      candidates.push_back(c);
    }
  }
  const size_t total = candidates.size();
  candidates.resize(std::min<size_t>(total, static_cast<size_t>(std::max(1, options.top))));

  const fs::path root = work_root();
  std::error_code ec;
  fs::create_directories(root, ec);
  std::string templ = (root / "tune-XXXXXX").string();
  if (!::mkdtemp(templ.data())) {
    fmt::print(stderr, "tltt tune: cannot create a work directory under {}\n", root.string());
    return 1;
  }
  const fs::path log_dir = templ;
  fmt::print("tuning '{}' of {} on {}: the model's {} best of {} per-core blocks, timing only\n",
             function, copts.file, desc->name, candidates.size(), total);
  std::fflush(stdout);

  std::vector<TimingStats> measured(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    passes::GemmTuning forced;
    forced.forced[function] = candidates[i].block;
    forced.source = "`tltt tune`";
    RunOptions one = options.run;
    one.timing_only = true;
    one.compile.gemm_tuning = &forced;
    one.compile.diagnostics = {};
    one.timing_out = &measured[i];
    const std::string log = (log_dir / fmt::format("{}.log", candidates[i].block.str())).string();
    int code;
    {
      OutputTo to_log(log);
      code = run(one);
    }
    if (code != kPass || measured[i].device_cycles == 0) {
      fmt::print(stderr, "tltt tune: candidate {} did not run (exit {}); its log is {}:\n{}",
                 candidates[i].block.str(), code, log, tail_of(log, 15));
      return 2;
    }
    fmt::print("  ran {} ({}/{}): {:.2f} us\n", candidates[i].block.str(), i + 1, candidates.size(),
               measured[i].device_time_us);
    std::fflush(stdout);
  }
  fs::remove_all(log_dir, ec);

  // The fastest simulated candidate; on equal cycles the model's earlier one (deterministic).
  size_t win = 0;
  for (size_t i = 1; i < candidates.size(); ++i) {
    if (measured[i].device_cycles < measured[win].device_cycles) {
      win = i;
    }
  }
  std::vector<size_t> sim_rank(candidates.size(), 1);
  for (size_t i = 0; i < candidates.size(); ++i) {
    for (size_t j = 0; j < candidates.size(); ++j) {
      const bool faster = measured[j].device_cycles < measured[i].device_cycles ||
                          (measured[j].device_cycles == measured[i].device_cycles && j < i);
      sim_rank[i] += faster ? 1 : 0;
    }
  }
  const double mhz = desc->clock_mhz;
  fmt::print("\n{:>5} {:>5}  {:<14} {:>10} {:>13} {:>9} {:>8}  {:<8} {}\n", "model", "sim", "block",
             "model us", "simulated us", "roofline", "matrix", "bound", "candidate");
  driver::TuningEntry entry;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const passes::GemmCandidate& c = candidates[i];
    const TimingStats& t = measured[i];
    fmt::print("{:>5} {:>5}  {:<14} {:>10.2f} {:>13.2f} {:>8.1f}% {:>7.1f}%  {:<8} {}{}{}\n", i + 1,
               sim_rank[i], c.block.str(), c.model_cycles / mhz, t.device_time_us, 100 * t.roofline,
               100 * t.matrix_peak, t.bound, c.summary, c.user ? " [user]" : "",
               i == win ? " <- winner" : "");
    entry.runs.push_back({c.block, c.model_cycles, t.device_time_us, t.roofline});
  }
  const TimingStats& best = measured[win];
  const TimingStats& first = measured[0];
  const bool ordered = std::is_sorted(sim_rank.begin(), sim_rank.end());
  fmt::print("\nwinner: {} at {:.2f} us, {:.1f}% of the {} roofline ({:.1f}% of the matrix peak)\n",
             candidates[win].block.str(), best.device_time_us, 100 * best.roofline, best.bound,
             100 * best.matrix_peak);
  if (win == 0 && candidates.size() > 1) {
    fmt::print("the model's first choice is the simulator's fastest; the simulator ranks {} {}\n",
               candidates.size() > 2 ? "the others" : "the other",
               ordered ? "as the model does" : "differently from the model");
  } else if (win != 0) {
    fmt::print(
        "the model's first choice {} ran {:.2f} us ({:.1f}% of the matrix peak): the simulator "
        "ranks differently, and the winner takes {:.1f}% less time\n",
        candidates[0].block.str(), first.device_time_us, 100 * first.matrix_peak,
        100 * (1 - best.device_time_us / first.device_time_us));
  }

  entry.key = driver::tuning_key(*module, copts);
  entry.kernel = fs::path(copts.file).filename().string();
  entry.entry = copts.entry;
  entry.device = desc->name;
  entry.blocks[function] = candidates[win].block;
  std::string error;
  if (!driver::store_tuning(entry, &error)) {
    fmt::print(stderr, "tltt tune: cannot store the winner: {}\n", error);
    return 1;
  }
  fmt::print(
      "cached in {}/{}.json; `tltt compile` and `tltt run` of this kernel and shape use "
      "it (--no-tuning-cache or TLTT_TUNING_CACHE=0 to ignore it)\n",
      driver::tuning_cache_dir(), entry.key);
  return 0;
}

}  // namespace tltt::runner
