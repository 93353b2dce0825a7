// `tltt run` orchestration: work directories, inputs, the host program, the reference, the check.
#include "runner/runner.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "device/device.h"
#include "driver/l1_map.h"
#include "ir/ir.h"
#include "ir/visitor.h"
#include "reference/reference.h"
#include "runner/build.h"
#include "runner/check.h"
#include "runner/data_io.h"
#include "runner/inputs.h"
#include "runner/kernel_source.h"
#include "runner/plan.h"
#include "runner/process.h"
#include "support/assert.h"
#include "support/diagnostics.h"
#include "support/source_manager.h"
#include "support/verify_diagnostics.h"

namespace fs = std::filesystem;

namespace tltt::runner {

std::string work_root() {
  if (const char* w = std::getenv("TLTT_WORK_DIR"); w && *w) {
    return w;
  }
  return (fs::temp_directory_path() / ("tltt-" + std::to_string(::getuid()))).string();
}

namespace {

std::string shape_text(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(s[i]);
  }
  return out + "]";
}

std::string index_text(int64_t flat, const std::vector<int64_t>& shape) {
  std::vector<int64_t> idx(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    idx[i] = shape[i] ? flat % shape[i] : 0;
    flat = shape[i] ? flat / shape[i] : 0;
  }
  return shape_text(idx);
}

// Prints the final line for a run that ended before the comparison.
// Prints the simulator's run statistics (TTSIM_STATS_FILE, schema in docs/timing.md): device
// time, throughput, the roofline that binds and where the RISCs' time went, summed over all
// cores. Returns ` bound=compute|dram roofline=P%` for the TIMING line ("" without a roofline).
std::string print_run_stats(const nlohmann::json& j) {
  std::string summary;
  auto num = [&](const char* key) { return j.value(key, 0.0); };
  fmt::print(
      "device: {} cycles = {:.2f} us on {} cores; {:.3f} TFLOP/s, matrix engine {:.1f}% used; "
      "DRAM {:.0f} KiB at {:.1f} GB/s\n",
      j.value("device_cycles", int64_t{0}), num("device_time_us"),
      j.contains("cores") ? j["cores"].size() : 0, num("flops_per_second") / 1e12,
      100 * num("matrix_utilization"), num("dram_bytes") / 1024,
      num("dram_bytes_per_second") / 1e9);
  fmt::print(
      "NoC: {:.0f} KiB in {} transfers, {:.0f} KiB x links (bytes times the links they "
      "cross)\n",
      num("noc_bytes") / 1024, j.value("noc_transfers", int64_t{0}), num("noc_link_bytes") / 1024);
  if (j.contains("roofline") && j["roofline"].is_object()) {
    const nlohmann::json& r = j["roofline"];
    if (r.value("bound", std::string()) == "dram") {
      fmt::print("roofline: DRAM-bound, {:.1f} GB/s of {:.1f} GB/s peak = {:.1f}% utilization\n",
                 num("dram_bytes_per_second") / 1e9,
                 r.value("peak_dram_bytes_per_second", 0.0) / 1e9,
                 100 * r.value("utilization", 0.0));
      // With matmul work, how far the matrix engine is from its own peak too.
      if (r.value("peak_flops_per_second", 0.0) > 0) {
        fmt::print("  matrix engine: {:.1f}% of its peak at this fidelity\n",
                   100 * num("flops_per_second") / r.value("peak_flops_per_second", 1.0));
      }
    } else {
      fmt::print(
          "roofline: compute-bound, {:.3f} TFLOP/s of {:.3f} attainable ({:.3f} matrix peak at "
          "this fidelity, {:.1f} GB/s DRAM) = {:.1f}% utilization\n",
          num("flops_per_second") / 1e12, r.value("attainable_flops_per_second", 0.0) / 1e12,
          r.value("peak_flops_per_second", 0.0) / 1e12,
          r.value("peak_dram_bytes_per_second", 0.0) / 1e9, 100 * r.value("utilization", 0.0));
    }
    summary = fmt::format(" bound={} roofline={:.1f}%", r.value("bound", std::string("dram")),
                          100 * r.value("utilization", 0.0));
  }
  if (j.contains("kernels_compiled")) {
    // Cache misses of the simulator's kernel JIT in this run (0 when every kernel was cached).
    fmt::print("kernels compiled: {}\n", j.value("kernels_compiled", int64_t{0}));
  }
  if (!j.contains("cores")) {
    return summary;
  }
  // Per RISC name: busy cycles and stalls by cause, over all cores.
  std::map<std::string, std::map<std::string, double>> sums;
  for (const auto& core : j["cores"]) {
    const nlohmann::json riscs = core.value("riscs", nlohmann::json::object());
    for (const auto& [risc, r] : riscs.items()) {
      auto& s = sums[risc];
      s["busy"] += r.value("busy_cycles", 0.0);
      const nlohmann::json stalls = r.value("stalls", nlohmann::json::object());
      for (const auto& [cause, v] : stalls.items()) {
        s[cause] += v.get<double>();
      }
    }
  }
  for (const auto& [risc, s] : sums) {
    std::string stalls;
    for (const auto& [cause, v] : s) {
      if (cause != "busy" && v > 0) {
        stalls += fmt::format(" {}={:.0f}", cause, v);
      }
    }
    fmt::print("  {:<7} busy={:.0f} stalls:{}\n", risc, s.at("busy"),
               stalls.empty() ? " none" : stalls);
  }
  return summary;
}

// Per-device rows of a mesh run's statistics: when each device finished, its cores, how busy
// their matrix engines were over the device's own time, its NoC traffic; then the fabric.
void print_mesh_stats(const nlohmann::json& j, const ir::DevicePlan& plan) {
  const ir::MeshPlan& mesh = *plan.mesh;
  const double device_cycles = j.value("device_cycles", 0.0);
  const double mhz = j.value("clock_mhz", 1.0);
  std::map<int64_t, double> util;  // per device: the sum of its cores' matrix-engine utilization
  for (const auto& c : j.value("cores", nlohmann::json::array())) {
    util[c.value("device", int64_t{0})] += c.value("utilization", 0.0);
  }
  bool partial = false;
  for (const ir::TensorPlan& t : plan.tensors) {
    partial |= t.mesh_partial.has_value();
  }
  fmt::print(
      "mesh {}x{}: {} devices, each running the kernel on {}\n", mesh.rows, mesh.cols,
      mesh.devices(),
      partial ? "the whole block grid over its part of the reduction, then the all-reduce"
      : mesh.by_offsets()
          ? fmt::format("its range of block ids of the whole tensors (offsets {}, counts {})",
                        fmt::join(mesh.block_offsets, " "), fmt::join(mesh.block_counts, " "))
          : std::string("its part of the block grid"));
  for (const auto& d : j.value("devices", nlohmann::json::array())) {
    const int64_t id = d.value("device", int64_t{0});
    const double end = d.value("end_cycle", 0.0);
    const int64_t cores = d.value("cores", int64_t{0});
    const double used = end > 0 && cores > 0 ? util[id] * device_cycles / (end * cores) : 0;
    fmt::print(
        "  device {} ({},{}): {:.0f} cycles = {:.2f} us on {} cores, matrix engine {:.1f}% used, "
        "NoC {:.0f} KiB\n",
        id, d.value("row", 0), d.value("col", 0), end, end / mhz, cores, 100 * used,
        d.value("noc_bytes", 0.0) / 1024);
  }
  fmt::print("  fabric: {} bytes between devices\n", j.value("fabric_bytes", int64_t{0}));
}

int fail_line(int code, const std::string& reason, const std::string& device) {
  fmt::print("FAIL reason={} pcc=nan max_abs_err=nan tol=nan device_cycles=0 device={}\n", reason,
             device);
  std::fflush(stdout);
  return code;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A whole decimal integer (a --set value), else nullopt.
std::optional<int64_t> parse_int(const std::string& text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return v;
}

// The last lines of a long output, so a simulator error stays readable.
std::string tail_lines(const std::string& text, int n) {
  size_t pos = text.size();
  int seen = 0;
  while (pos > 0) {
    size_t p = text.rfind('\n', pos - 1);
    if (p == std::string::npos) {
      return text;
    }
    if (p + 1 < text.size() && ++seen > n) {
      return "...\n" + text.substr(p + 1);
    }
    pos = p;
  }
  return text;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The initial value of reference outputs under --check=sample: a NaN with a payload no
// arithmetic produces, so "still this value" means "no sampled block wrote the element".
const double kUnwritten = [] {
  const uint64_t bits = 0x7ff8dead5a3b1e00ull;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}();

bool is_unwritten(double v) { return std::memcmp(&v, &kUnwritten, sizeof v) == 0; }

struct OutputCheck {
  std::string name;
  Comparison cmp;
  Tolerance tol;
  bool pass = false;
};

// `plan` at value `size` of its T.dynamic size `d`: tensor shapes, shard extents, block grid and
// the number of cores of the global partition (the work items themselves are the host
// program's).
void resize(ir::DevicePlan& plan, const ir::DynamicSize& d, int64_t size) {
  for (const ir::DynamicTensorDim& t : d.tensors) {
    ir::TensorPlan* tp = plan.find_tensor(t.tensor);
    tp->shape[t.dim] = size;
    tp->device_shape[t.dim] = (size + t.block - 1) / t.block * t.block;
    tp->device_shape[t.dim] = (tp->device_shape[t.dim] + 31) / 32 * 32;
  }
  ir::WorkPartition& p = *plan.partition;
  int64_t blocks = 1;
  for (const ir::DynamicExtent& e : d.grid) {
    p.block_grid[e.dim] = (size + e.block - 1) / e.block;
  }
  for (int64_t e : p.block_grid) {
    blocks *= e;
  }
  for (const ir::DynamicShard& sh : d.shards) {
    ir::TensorPlan* tp = plan.find_tensor(sh.tensor);
    tp->shard_spec->shard_shape[sh.dim] = size / sh.grid;
    tp->shard_spec->tensor_pages[sh.dim] = size / 32;
  }
  if (d.shards.empty()) {  // dynamic shards keep their cores
    p.work.resize(std::min(blocks, plan.device_grid.x * plan.device_grid.y));
  }
}

}  // namespace

int run_artifacts(const ir::PrimFunc& func, const std::string& artifact_dir,
                  const std::string& work_dir, const RunOptions& options) {
  const device::Description* desc = device::find(options.compile.device);
  const std::string device = desc ? desc->name : options.compile.device;
  DiagnosticEngine diag;
  std::string error;
  std::optional<ir::DevicePlan> read =
      read_plan((fs::path(artifact_dir) / "tt.plan.json").string(), &error);
  if (!read) {
    fmt::print(stderr, "tltt run: {}\n", error);
    return fail_line(kFail, "plan", device);
  }
  // A program serving every value of a T.dynamic size runs at the --set value: the plan's
  // shapes, block grid and core count are those the host program computes for it.
  for (const ir::DynamicSize& d : read->dynamic) {
    for (const std::string& s : options.compile.sets) {
      if (s.starts_with(d.name + "=")) {
        resize(*read, d, std::stoll(s.substr(d.name.size() + 1)));
      }
    }
  }
  const ir::DevicePlan& plan = *read;
  size_t cores = plan.partition ? plan.partition->work.size() : 0;
  // A sample interprets some blocks only, so it can check only an output each block writes
  // alone. Two forms break that, and the function is then checked whole (with a note): several
  // launches (a later launch would read what the blocks left out of an earlier one write), and
  // an atomic add into a tensor parameter (the blocks left out add to the same elements: the
  // sampled sums are partial, a correct device would FAIL).
  int launches = 0;
  const ir::BufferNode* atomic_target = nullptr;
  ir::post_order_visit(func.body, [&](const ir::Node* n) {
    launches += n->kind == ir::NodeKind::kKernelLaunch;
    if (n->kind != ir::NodeKind::kAtomicAdd || atomic_target) {
      return;
    }
    const ir::BufferNode* dst = static_cast<const ir::AtomicAdd*>(n)->dst.buffer.get();
    for (const ir::Param& p : func.params) {
      if (p.is_buffer() && p.buffer.get() == dst) {
        atomic_target = dst;
      }
    }
  });
  const bool check_sample = options.check_sample && launches <= 1 && !atomic_target;
  if (options.check_sample && launches > 1) {
    fmt::print(
        "note: --check=sample checks a function of one T.Kernel launch; '{}' has {} (a "
        "later launch reads what the blocks left out of an earlier one write): checked "
        "whole\n",
        func.name, launches);
  } else if (options.check_sample && atomic_target) {
    fmt::print(
        "note: --check=sample checks outputs each block writes alone; '{}' adds into '{}' "
        "with T.atomic_add (the blocks left out add to the same elements): checked whole\n",
        func.name, atomic_target->name);
  }
  if (!plan.device.empty() && plan.device != device) {
    fmt::print("note: the plan was made for {}; running on {}\n", plan.device, device);
  }

  // Parameters: shapes and dtypes from the IR, roles from the plan (they must agree).
  std::map<std::string, reference::Tensor> tensors;
  std::map<std::string, reference::Tensor> inputs;
  std::vector<const ir::Param*> outputs;
  std::map<std::string, double> scalars;
  // Integer inputs that got random values: if they are indices or offsets (cu_seqlens), the run
  // says little, and a program that failed on the simulator may have addressed out of bounds
  // because of them. Both outcomes end with a note naming them and --input.
  std::vector<std::string> random_indices;
  auto note_random_indices = [&](const char* what) {
    if (!random_indices.empty()) {
      fmt::print(
          "note: {} {} random integers ({}): if they are offsets or indices (cu_seqlens, block "
          "indices), {}; give valid ones with --input NAME=SPEC (e.g. --input "
          "{}=cumsum:L0,L1,...; src/runner/README.md)\n",
          fmt::join(random_indices, ", "), random_indices.size() > 1 ? "hold" : "holds",
          input_range_text(ir::DataType::int32()), what, random_indices.front());
    }
  };
  const fs::path data_dir = fs::path(work_dir) / "data";
  fs::create_directories(data_dir);
  // The host holds each tensor as doubles twice (the reference's copy and the data file's or the
  // device's read-back): sizes beyond the machine's memory stop here with the figure rather than
  // as std::bad_alloc half-way.
  double host_bytes = 0;
  std::string largest;
  double largest_bytes = 0;
  for (const ir::Param& p : func.params) {
    std::vector<int64_t> shape;
    DiagnosticEngine quiet;  // a symbolic shape is reported by the loop below
    if (p.is_buffer() && reference::param_shape(p, &shape, quiet)) {
      double bytes = 16;
      for (int64_t d : shape) {
        bytes *= static_cast<double>(d);
      }
      host_bytes += bytes;
      if (bytes > largest_bytes) {
        largest_bytes = bytes;
        largest = fmt::format("'{}' {}", p.name(), shape_text(shape));
      }
    }
  }
  const double memory =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (memory > 0 && host_bytes > memory) {
    fmt::print(stderr,
               "tltt run: the tensors of '{}' need {:.1f} GiB on the host (two double copies of "
               "each; the largest is {}), more than this machine's {:.1f} GiB: run it at smaller "
               "sizes (--set, --entry)\n",
               func.name, host_bytes / (1 << 30), largest, memory / (1 << 30));
    return fail_line(kFail, "host-memory", device);
  }
  int index = 0;
  for (const ir::Param& p : func.params) {
    if (!p.is_buffer()) {
      // A kernel scalar, one element in DATA_DIR/<name>.bin: a float32 one a seeded value in
      // [0.5, 1.5); an integer one (a size, an offset: no random value means anything) the
      // value --set gives it.
      const ir::DataType dt = p.var->dtype;
      reference::Tensor t = random_tensor(ir::DataType::float32(), {1}, options.seed, index++);
      t.dtype = dt;
      if (dt.is_integer() && dt.bits() <= 32) {
        std::optional<int64_t> value;
        for (const std::string& s : options.compile.sets) {
          if (s.starts_with(p.name() + "=")) {
            value = parse_int(s.substr(p.name().size() + 1));
          }
        }
        if (!value) {
          fmt::print(
              stderr,
              "tltt run: integer kernel scalar '{}' ({}) needs a value: pass --set {}=VALUE\n",
              p.name(), dt.str(), p.name());
          return fail_line(kFail, "scalar-param", device);
        }
        t.data[0] = static_cast<double>(*value);
      } else if (dt == ir::DataType::float32()) {
        t.data[0] = reference::round_to_dtype(dt, 1.0 + 0.5 * t.data[0]);
      } else {
        fmt::print(stderr,
                   "tltt run: kernel scalar '{}' is {}; float32 and 32-bit integer scalars are "
                   "run\n",
                   p.name(), dt.str());
        return fail_line(kFail, "scalar-param", device);
      }
      if (!write_tensor_file((data_dir / (p.name() + ".bin")).string(), t, &error)) {
        fmt::print(stderr, "tltt run: {}\n", error);
        return fail_line(kFail, "io", device);
      }
      fmt::print("input  {} {} scalar = {}\n", p.name(), dt.str(), t.data[0]);
      scalars[p.name()] = t.data[0];
      continue;
    }
    std::vector<int64_t> shape;
    if (!reference::param_shape(p, &shape, diag)) {
      return fail_line(kFail, "symbolic-shape", device);
    }
    const ir::TensorPlan* pp = plan.find_tensor(p.name());
    if (!pp) {
      fmt::print(stderr, "tltt run: parameter '{}' is missing from tt.plan.json\n", p.name());
      return fail_line(kFail, "plan", device);
    }
    // A1 folds a reshaping view into its tensor (the plan then has the view's shape) and stores a
    // tensor read only as scalars with a trailing unit dimension: the row-major data file is the
    // same bytes under both shapes, so only the element count must agree.
    auto numel = [](const std::vector<int64_t>& v) {
      int64_t n = 1;
      for (int64_t d : v) {
        n *= d;
      }
      return n;
    };
    if (numel(plan.global_shape(*pp)) != numel(shape) || pp->dtype != p.buffer->dtype) {
      fmt::print(stderr, "tltt run: tt.plan.json gives '{}' as {} {}, the kernel as {} {}\n",
                 p.name(), pp->dtype.str(), shape_text(plan.global_shape(*pp)),
                 p.buffer->dtype.str(), shape_text(shape));
      return fail_line(kFail, "plan", device);
    }
    const ir::DataType dt = p.buffer->dtype;
    if (pp->is_output()) {
      outputs.push_back(&p);
    }
    if (!pp->is_input()) {
      tensors[p.name()] = reference::Tensor::zeros(dt, shape);
    } else {
      reference::Tensor t;
      std::string source = input_range_text(dt);
      auto scale = options.input_scales.find(p.name());
      std::string scaled;
      if (auto given = options.inputs.find(p.name()); given != options.inputs.end()) {
        if (scale != options.input_scales.end()) {
          fmt::print(stderr, "tltt run: '{}' has both --input and --input-scale\n", p.name());
          return fail_line(kFail, "usage", device);
        }
        if (!make_input(given->second, dt, shape, options.seed, index, &t, &source, &error)) {
          fmt::print(stderr, "tltt run: input '{}' {} {}: {}\n", p.name(), dt.str(),
                     shape_text(shape), error);
          return fail_line(kFail, "usage", device);
        }
        scaled = " (--input)";
      } else {
        t = random_tensor(dt, shape, options.seed, index);
        if (dt.is_integer()) {
          random_indices.push_back(p.name());
        }
      }
      if (scale != options.input_scales.end() && dt.is_float()) {
        for (double& v : t.data) {
          v = reference::round_to_dtype(dt, v * scale->second);
        }
        scaled = fmt::format(", times {} (--input-scale)", scale->second);
      }
      if (!write_tensor_file((data_dir / (p.name() + ".bin")).string(), t, &error)) {
        fmt::print(stderr, "tltt run: {}\n", error);
        return fail_line(kFail, "io", device);
      }
      fmt::print("input  {} {} {}: {}{}\n", p.name(), dt.str(), shape_text(shape), source, scaled);
      tensors[p.name()] = t;
    }
    ++index;
  }
  for (const auto& [name, spec] : options.inputs) {
    const ir::TensorPlan* pp = plan.find_tensor(name);
    if (!pp || !pp->is_input()) {
      const bool scalar =
          std::any_of(func.params.begin(), func.params.end(),
                      [&](const ir::Param& p) { return !p.is_buffer() && p.name() == name; });
      fmt::print(stderr, "tltt run: --input names '{}', {}\n", name,
                 scalar ? "a kernel scalar (give its value with --set)"
                 : pp   ? "an output the kernel does not read"
                        : "not a tensor parameter of '" + func.name + "'");
      return fail_line(kFail, "usage", device);
    }
  }
  for (const auto& [name, factor] : options.input_scales) {
    const ir::TensorPlan* pp = plan.find_tensor(name);
    if (!pp || !pp->is_input() || !pp->dtype.is_float()) {
      fmt::print(stderr, "tltt run: --input-scale names '{}', not a float input tensor\n", name);
      return fail_line(kFail, "usage", device);
    }
  }
  if (outputs.empty()) {
    fmt::print(stderr, "tltt run: the plan marks no parameter as an output\n");
    return fail_line(kFail, "plan", device);
  }

  // Build (or reuse) and run the host program.
  BuildResult build =
      build_program((fs::path(artifact_dir) / "main.cpp").string(),
                    (fs::path(work_root()) / "programs").string(), options.timeout_seconds);
  if (!build.ok) {
    fmt::print(stderr, "tltt run: the host program does not build against the simulator:\n{}\n{}\n",
               build.command, build.log);
    return fail_line(kBuildError, "host-build", device);
  }
  fmt::print("program {} ({})\n", build.program, build.cached ? "cached" : "built");
  const std::string stats_path = (fs::path(work_dir) / "stats.json").string();
  std::error_code ec;
  fs::remove(stats_path, ec);
  std::vector<std::pair<std::string, std::string>> env = program_env();
  env.emplace_back("TTSIM_DEVICE", device);
  env.emplace_back("TTSIM_STATS_FILE", stats_path);
  if (options.timing_only) {
    env.emplace_back("TTSIM_TIMING_ONLY", "1");
  }
  if (!options.trace_file.empty()) {
    env.emplace_back("TTSIM_TRACE", fs::absolute(options.trace_file).string());
  }
  if (!options.report_dir.empty()) {
    env.emplace_back("TTSIM_REPORT_DIR", fs::absolute(options.report_dir).string());
  }
  // A program serving every value of the T.dynamic sizes takes them after DATA_DIR.
  std::vector<std::string> argv = {build.program, fs::absolute(data_dir).string()};
  // Each is the last --set of its name (as in the front end), else the size the plan describes.
  for (std::string arg : plan.size_args()) {
    for (const std::string& s : options.compile.sets) {
      if (s.starts_with(arg.substr(0, arg.find('=') + 1))) {
        arg = s;
      }
    }
    argv.push_back(arg);
  }
  const auto program_start = std::chrono::steady_clock::now();
  ProcessResult pr = run_process(argv, artifact_dir, env, options.timeout_seconds,
                                 (fs::path(work_dir) / "program.log").string());
  const double program_seconds = seconds_since(program_start);
  if (!pr.ok()) {
    fmt::print(stderr, "tltt run: the program failed on the simulator ({}):\n{}\n",
               pr.status_text(), tail_lines(pr.output, 40));
    note_random_indices("the kernel may have addressed outside a tensor through them");
    return fail_line(kProgramError, pr.timed_out ? "timeout" : "program", device);
  }
  // The generated program of a tensor-parallel kernel reports its collectives' time, one with
  // inputs sharded by rows its halo exchanges'.
  for (const char* what : {"all-reduce of ", "all-gather of ", "halo exchange of "}) {
    for (size_t at = 0; (at = pr.output.find(what, at)) != std::string::npos;) {
      const size_t end = pr.output.find('\n', at);
      fmt::print("{}\n", pr.output.substr(at, end - at));
      at = end;
    }
  }
  int64_t cycles = 0;
  std::string roofline;
  if (fs::exists(stats_path)) {
    auto j = nlohmann::json::parse(read_text(stats_path), nullptr, false);
    if (j.is_object() && j.contains("device_cycles") && j["device_cycles"].is_number()) {
      cycles = j["device_cycles"].get<int64_t>();
      roofline = print_run_stats(j);
      if (options.timing_out) {
        const nlohmann::json r = j.value("roofline", nlohmann::json::object());
        const double peak = r.value("peak_flops_per_second", 0.0);
        *options.timing_out = {cycles, j.value("device_time_us", 0.0),
                               r.value("bound", std::string()), r.value("utilization", 0.0),
                               peak > 0 ? j.value("flops_per_second", 0.0) / peak : 0.0};
      }
      if (plan.mesh) {
        print_mesh_stats(j, plan);
      }
    }
  } else {
    fmt::print("note: the simulator wrote no stats file; device_cycles unknown\n");
  }
  std::string mesh_summary;
  if (plan.mesh) {
    cores *= plan.mesh->devices();
    mesh_summary = fmt::format(" mesh={}x{}", plan.mesh->rows, plan.mesh->cols);
  }
  // The same kernel on one device, timing-only (its cycles equal a functional run's): the
  // speed-up of the mesh. Run after the outputs are read, since it writes the same data files.
  auto single_device = [&]() -> std::optional<int> {
    if (options.single_device_artifacts.empty() || cycles == 0) {
      return std::nullopt;
    }
    BuildResult one =
        build_program((fs::path(options.single_device_artifacts) / "main.cpp").string(),
                      (fs::path(work_root()) / "programs").string(), options.timeout_seconds);
    if (!one.ok) {
      fmt::print(stderr, "tltt run: the one-device program does not build:\n{}\n{}\n", one.command,
                 one.log);
      return fail_line(kBuildError, "host-build", device);
    }
    const std::string one_stats = (fs::path(work_dir) / "stats_one_device.json").string();
    fs::remove(one_stats, ec);
    std::vector<std::pair<std::string, std::string>> one_env = program_env();
    one_env.insert(
        one_env.end(),
        {{"TTSIM_DEVICE", device}, {"TTSIM_STATS_FILE", one_stats}, {"TTSIM_TIMING_ONLY", "1"}});
    ProcessResult r = run_process({one.program, fs::absolute(data_dir).string()},
                                  options.single_device_artifacts, one_env, options.timeout_seconds,
                                  (fs::path(work_dir) / "program_one_device.log").string());
    auto j = nlohmann::json::parse(read_text(one_stats), nullptr, false);
    if (!r.ok() || !j.is_object() || !j.value("device_cycles", int64_t{0})) {
      fmt::print(stderr, "tltt run: the one-device program failed on the simulator ({}):\n{}\n",
                 r.status_text(), tail_lines(r.output, 40));
      return fail_line(kProgramError, "program", device);
    }
    const int64_t one_cycles = j["device_cycles"].get<int64_t>();
    const double speedup = static_cast<double>(one_cycles) / static_cast<double>(cycles);
    fmt::print("one device: {} cycles = {:.2f} us on {} cores; the {}x{} mesh is {:.2f}x faster\n",
               one_cycles, j.value("device_time_us", 0.0), j["cores"].size(), plan.mesh->rows,
               plan.mesh->cols, speedup);
    mesh_summary += fmt::format(" speedup={:.2f}", speedup);
    return std::nullopt;
  };

  if (options.timing_only) {
    // No arithmetic ran, so there is nothing to check.
    fmt::print("host time: program {:.2f} s\n", program_seconds);
    if (std::optional<int> code = single_device()) {
      return *code;
    }
    fmt::print(
        "TIMING device_cycles={} device={} cores={}{}{} (timing only, outputs not checked)\n",
        cycles, device, cores, roofline, mesh_summary);
    std::fflush(stdout);
    return kPass;
  }

  // Reference on the same (rounded) inputs. A sample starts the outputs from a marker value so
  // the elements the interpreted blocks write can be told apart.
  reference::Stats stats;
  reference::BlockSample sample;
  if (check_sample) {
    sample.max_blocks = options.sample_blocks;
    sample.seed = options.seed;
  }
  // An output the kernel also reads (a gradient updated in place: `T.copy(dk[...], s)` before
  // `T.copy(f, dk[...])`) keeps its input values, or the reference would compute from the
  // marker. The elements the sampled blocks write are then found by a first pass over a copy
  // whose outputs all hold the marker; when that pass fails (the marker, a NaN, reached an
  // index), every block is interpreted instead.
  std::map<std::string, std::vector<bool>> written;
  auto read_too = [&](const ir::Param* p) {
    const ir::TensorPlan* t = plan.find_tensor(p->name());
    return t && t->is_input();
  };
  if (check_sample && std::any_of(outputs.begin(), outputs.end(), read_too)) {
    std::map<std::string, reference::Tensor> probe = tensors;
    for (const ir::Param* p : outputs) {
      std::fill(probe[p->name()].data.begin(), probe[p->name()].data.end(), kUnwritten);
    }
    DiagnosticEngine quiet;
    quiet.set_handler([](const Diagnostic&) {});
    if (reference::run(func, probe, scalars, quiet, nullptr, sample)) {
      for (const ir::Param* p : outputs) {
        if (read_too(p)) {
          std::vector<bool>& w = written[p->name()];
          for (double v : probe[p->name()].data) {
            w.push_back(!is_unwritten(v));
          }
        }
      }
    } else {
      sample.max_blocks = 0;
    }
  }
  if (check_sample) {
    for (const ir::Param* p : outputs) {
      if (!read_too(p)) {
        std::fill(tensors[p->name()].data.begin(), tensors[p->name()].data.end(), kUnwritten);
      }
    }
  }
  const auto reference_start = std::chrono::steady_clock::now();
  const std::clock_t reference_cpu_start = std::clock();
  if (!reference::run(func, tensors, scalars, diag, &stats, sample)) {
    note_random_indices("the reference may have indexed outside a tensor through them");
    return fail_line(kFail, "reference", device);
  }
  for (auto& [name, w] : written) {
    std::vector<double>& data = tensors[name].data;
    for (size_t i = 0; i < data.size() && i < w.size(); ++i) {
      data[i] = w[i] ? data[i] : kUnwritten;
    }
  }
  const double reference_seconds = seconds_since(reference_start);
  const double reference_cpu =
      static_cast<double>(std::clock() - reference_cpu_start) / CLOCKS_PER_SEC;
  fmt::print("host time: program {:.2f} s, reference {:.2f} s ({:.2f} s CPU; {} of {} blocks)\n",
             program_seconds, reference_seconds, reference_cpu, stats.blocks_run,
             stats.blocks_total);
  MathInfo math;
  if (plan.compute) {
    math.fidelity = plan.compute->math_fidelity;
    math.approx = plan.compute->math_approx_mode;
  }
  // Block-float datums have 7 (Bfp8_b) or 3 (Bfp4_b) magnitude bits; 0: not a block float.
  auto block_float_bits = [](const ir::TensorPlan& t) {
    return ir::tile_format_info(t.tile_format).mantissa_bits;
  };
  // A function of several launches: a tensor-parallel launch's partial sums (maybe of a scratch
  // tensor, absent from tt.plan.json) are all-reduced before later launches read them.
  std::string ignored;
  if (auto plans = plan.mesh ? read_device_plans(artifact_dir, &ignored) : std::nullopt) {
    for (const ir::DevicePlan& lp : *plans) {
      for (const ir::TensorPlan& t : lp.tensors) {
        math.mesh_partials = t.mesh_partial ? plan.mesh->devices() : math.mesh_partials;
      }
    }
  }
  for (const ir::TensorPlan& t : plan.tensors) {
    math.mesh_partials = t.mesh_partial ? plan.mesh->devices() : math.mesh_partials;
    if (block_float_bits(t) && t.is_input()) {
      math.block_float_inputs.emplace_back(t.name, block_float_bits(t));
    }
  }
  math.fp32_dest_acc =
      plan.compute ? plan.compute->fp32_dest_acc_en
                   : (stats.gemm_count == 0 || stats.gemm_accum_dtype == ir::DataType::float32());
  fmt::print("compute: math_fidelity={} fp32_dest_acc_en={}\n", math.fidelity,
             math.fp32_dest_acc ? "true" : "false");

  std::vector<OutputCheck> checks;
  for (const ir::Param* p : outputs) {
    const reference::Tensor& ref = tensors[p->name()];
    reference::Tensor got;
    if (!read_tensor_file((data_dir / (p->name() + ".bin")).string(), p->buffer->dtype, ref.shape,
                          &got, &error)) {
      fmt::print(stderr, "tltt run: {}\n", error);
      return fail_line(kProgramError, "output-missing", device);
    }
    OutputCheck oc;
    oc.name = p->name();
    // Under a sample only the written elements are compared; `where` maps them back.
    std::vector<double> got_checked, ref_checked;
    std::vector<int64_t> where;
    if (check_sample) {
      for (size_t i = 0; i < ref.data.size(); ++i) {
        if (!is_unwritten(ref.data[i])) {
          got_checked.push_back(got.data[i]);
          ref_checked.push_back(ref.data[i]);
          where.push_back(static_cast<int64_t>(i));
        }
      }
      fmt::print("output {}: {} of {} elements checked (sampled blocks)\n", p->name(),
                 ref_checked.size(), ref.data.size());
      if (ref_checked.empty()) {
        fmt::print(stderr, "tltt run: the sampled blocks write no element of '{}'\n", p->name());
        note_random_indices("the sampled blocks may have skipped all their work because of them");
        return fail_line(kFail, "sample-empty", device);
      }
    }
    const std::vector<double>& got_v = check_sample ? got_checked : got.data;
    const std::vector<double>& ref_v = check_sample ? ref_checked : ref.data;
    MathInfo out_math = math;
    if (const ir::TensorPlan* t = plan.find_tensor(p->name())) {
      out_math.out_block_float_bits = block_float_bits(*t);
    }
    oc.tol = derive_tolerance(p->buffer->dtype, max_abs_finite(ref_v), stats, out_math);
    oc.cmp = compare(got_v, ref_v, oc.tol.abs_tol);
    if (check_sample && oc.cmp.worst_index >= 0) {
      oc.cmp.worst_index = where[static_cast<size_t>(oc.cmp.worst_index)];
    }
    oc.pass = oc.cmp.nonfinite_mismatch == 0 && oc.cmp.max_abs_err <= oc.tol.abs_tol &&
              oc.cmp.pcc >= oc.tol.pcc_min;
    fmt::print("output {} {} {}: max|ref|={:.6g} max_abs_err={:.6g} pcc={:.6f}\n", oc.name,
               p->buffer->dtype.str(), shape_text(ref.shape), oc.cmp.max_abs_ref,
               oc.cmp.max_abs_err, oc.cmp.pcc);
    fmt::print("  tolerance {:.6g} = {}; pcc >= {}\n", oc.tol.abs_tol,
               fmt::join(oc.tol.terms, " + "), oc.tol.pcc_min);
    if (oc.cmp.worst_index >= 0) {
      const auto w = static_cast<size_t>(oc.cmp.worst_index);
      fmt::print("  worst at {}: device {:.8g}, reference {:.8g}\n",
                 index_text(oc.cmp.worst_index, ref.shape), got.data[w], ref.data[w]);
    }
    if (oc.cmp.over_tol > 0 || oc.cmp.nonfinite_mismatch > 0) {
      fmt::print("  {} of {} elements outside the tolerance, {} non-finite mismatches\n",
                 oc.cmp.over_tol, ref_v.size(), oc.cmp.nonfinite_mismatch);
    }
    checks.push_back(std::move(oc));
  }

  if (std::optional<int> code = single_device()) {
    return *code;
  }

  // Nothing but zeros to compare (a varlen kernel skips every block on random offsets).
  if (std::all_of(checks.begin(), checks.end(),
                  [](const OutputCheck& c) { return c.cmp.max_abs_ref == 0; })) {
    note_random_indices("the reference wrote only zeros: the check compares nothing");
  }
  // Report the output with the least margin.
  const OutputCheck* worst = &checks[0];
  bool all_pass = true;
  for (const OutputCheck& c : checks) {
    all_pass &= c.pass;
    const double margin = c.cmp.max_abs_err / std::max(c.tol.abs_tol, 1e-300);
    const double worst_margin = worst->cmp.max_abs_err / std::max(worst->tol.abs_tol, 1e-300);
    if ((!c.pass && worst->pass) || (c.pass == worst->pass && margin > worst_margin)) {
      worst = &c;
    }
  }
  std::string line =
      fmt::format("{} pcc={:.6f} max_abs_err={:.6g} tol={:.6g} device_cycles={} device={} cores={}",
                  all_pass ? "PASS" : "FAIL", worst->cmp.pcc, worst->cmp.max_abs_err,
                  worst->tol.abs_tol, cycles, device, cores);
  line += mesh_summary;
  if (checks.size() > 1) {
    line += " output=" + worst->name;
  }
  if (check_sample) {
    line += fmt::format(" check=sample blocks={}/{}", stats.blocks_run, stats.blocks_total);
  }
  fmt::print("{}\n", line);
  std::fflush(stdout);
  return all_pass ? kPass : kFail;
}

int run(const RunOptions& given) {
  // Any name or alias of the device descriptions; the run (compiler, TTSIM_DEVICE, the result
  // line) uses the canonical name.
  const device::Description* desc = device::find(given.compile.device);
  if (!desc) {
    fmt::print(stderr, "tltt run: unknown device '{}' (known: {})\n", given.compile.device,
               device::known_names());
    return fail_line(kFail, "usage", given.compile.device);
  }
  RunOptions options = given;
  options.compile.device = desc->name;
  const std::string& device = options.compile.device;
  SourceManager sources;
  DiagnosticEngine diag(&sources);
  diag.set_options(options.compile.diagnostics);  // the front end's remarks and warnings too
  std::optional<ir::Module> module;
  try {
    module = load_module(options.compile, sources, diag);
  } catch (const InternalError& e) {
    fmt::print(stderr, "{}: internal compiler error in the front end: {}\n", options.compile.file,
               e.what());
    return fail_line(kFail, "front-end-ice", device);
  }
  // --verify-diagnostics: the diagnostics are compared with the file's expectations before
  // anything runs; a kernel that does not compile (as the file expects) ends the run there.
  auto verified = [&](bool compiled) -> std::optional<int> {
    if (!options.compile.diagnostics.verify) {
      return std::nullopt;
    }
    if (!verify_diagnostics(diag.diagnostics(), options.compile.file)) {
      return fail_line(kFail, "diagnostics", device);
    }
    if (!compiled) {
      fmt::print("diagnostics verified; the kernel does not compile, nothing to run\n");
      return 0;
    }
    return std::nullopt;
  };
  if (!module) {
    if (std::optional<int> code = verified(false)) {
      return *code;
    }
    return fail_line(kFail, "front-end", device);
  }
  const ir::PrimFunc* func = kernel_of(*module, options.compile.file);
  if (!func) {
    return fail_line(kFail, "front-end", device);
  }

  // A private work directory per run: runs in parallel never share data files.
  const fs::path root = work_root();
  std::error_code ec;
  fs::create_directories(root, ec);
  std::string templ = (root / "run-XXXXXX").string();
  if (!::mkdtemp(templ.data())) {
    fmt::print(stderr, "tltt run: cannot create a work directory under {}\n", root.string());
    return fail_line(kFail, "io", device);
  }
  const std::string work_dir = templ;
  fmt::print("work directory {}\n", work_dir);

  std::string artifact_dir = options.artifacts_dir;
  if (artifact_dir.empty()) {
    driver::CompileOptions copts = options.compile;
    copts.out_dir = (fs::path(work_dir) / "artifacts").string();
    int status = 1;
    try {
      status = compile_artifacts(*module, copts, diag);
    } catch (const InternalError& e) {
      fmt::print(stderr, "{}: internal compiler error: {}\n", options.compile.file, e.what());
      return fail_line(kFail, "compile-ice", device);
    }
    if (status != 0) {
      if (std::optional<int> code = verified(false)) {
        if (*code == 0) {
          fs::remove_all(work_dir, ec);  // the expected outcome: nothing to debug
        }
        return *code;
      }
      return fail_line(kFail, "compile", device);
    }
    if (std::optional<int> code = verified(true)) {
      return *code;
    }
    fmt::print("artifacts {} (compiled)\n", copts.out_dir);
    artifact_dir = copts.out_dir;
    if (!copts.mesh.empty()) {
      // The one-device program of the same kernel, for the speed-up.
      copts.mesh.clear();
      copts.runtime_sizes = false;  // run without the sizes on its command line
      copts.out_dir = (fs::path(work_dir) / "artifacts_one_device").string();
      copts.dump_ir_dir.clear();
      copts.print_after.clear();
      copts.time_passes = false;
      copts.diagnostics = {};
      copts.diagnostics.verify = true;  // collected, not printed: the mesh compile printed them
      DiagnosticEngine quiet(&sources);
      if (compile_artifacts(*module, copts, quiet) != 0) {
        fmt::print(stderr, "tltt run: the kernel does not compile for one device\n");
        return fail_line(kFail, "compile", device);
      }
      options.single_device_artifacts = fs::absolute(copts.out_dir).string();
    }
  } else {
    fmt::print("artifacts {} (given, not compiled)\n", artifact_dir);
  }
  artifact_dir = fs::absolute(artifact_dir).string();
  if (!options.report_dir.empty()) {
    // The per-core L1 map beside the simulator's utilization table (l1_map.txt), and printed.
    std::string error;
    std::optional<std::vector<ir::DevicePlan>> plans = read_device_plans(artifact_dir, &error);
    std::string map = plans ? driver::l1_report(*plans) : "no L1 map (" + error + ")\n";
    fs::create_directories(options.report_dir, ec);
    std::ofstream(fs::path(options.report_dir) / "l1_map.txt") << map;
    fmt::print("{}", map);
  }

  int code = run_artifacts(*func, artifact_dir, work_dir, options);
  const bool user_work_dir = std::getenv("TLTT_WORK_DIR") != nullptr;
  if (code == kPass && !options.keep && !user_work_dir) {
    fs::remove_all(work_dir, ec);
  }
  return code;
}

}  // namespace tltt::runner
