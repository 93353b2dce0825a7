// The compiler driver: front end -> pass pipeline -> code generation.
#include "driver/driver.h"
#include "driver/launches.h"
#include "driver/runtime_sizes.h"
#include "driver/tuning_cache.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "codegen/codegen.h"
#include "device/device.h"
#include "frontend/frontend.h"
#include "passes/device_model.h"
#include "passes/pass_manager.h"
#include "support/verify_diagnostics.h"

namespace tltt::driver {

namespace {
FrontEnd& front_end_slot() {
  static FrontEnd fe = nullptr;
  return fe;
}
}  // namespace

void set_front_end(FrontEnd fe) { front_end_slot() = fe; }
FrontEnd front_end() { return front_end_slot(); }

std::optional<ir::MeshPlan> parse_mesh(const std::string& text, std::string* error) {
  ir::MeshPlan m;
  size_t x = text.find('x');
  try {
    size_t used = 0;
    m.rows = std::stoll(text.substr(0, x), &used);
    bool whole = used == x;
    m.cols = std::stoll(text.substr(x + 1), &used);
    whole &= x != std::string::npos && used == text.size() - x - 1;
    if (whole && m.rows >= 1 && m.cols >= 1 && m.devices() <= 32) {
      return m;
    }
  } catch (const std::exception&) {
  }
  *error = "--mesh '" + text + "' is not a mesh shape RxC of 1 to 32 devices (e.g. 1x2, 2x4)";
  return std::nullopt;
}

std::optional<ir::Module> lower(const ir::Module& given, const CompileOptions& options,
                                DiagnosticEngine& diag) {
  ir::Module m = given;
  if (!options.fast_math.empty()) {  // the command line overrides the kernel's pass_configs
    for (ir::PrimFunc& f : m.functions) {
      f.attrs.set("tl.enable_fast_math", options.fast_math == "on");
    }
  }
  passes::PassContext ctx;
  ctx.diag = &diag;
  auto device = passes::DeviceModel::by_name(options.device);
  if (!device) {
    diag.error({}) << "unknown device '" << options.device << "' (known: " << device::known_names()
                   << ")";
    return std::nullopt;
  }
  ctx.device = *device;
  ctx.cli_layouts = options.layouts;
  // The kernel's pass_configs (front end: "tt.*" attributes), then the command line.
  for (const ir::PrimFunc& f : m.functions) {
    if (f.attrs.has("tt.math_fidelity")) {
      ctx.math_fidelity = f.attrs.get_string("tt.math_fidelity", "HiFi4");
    }
    if (f.attrs.has("tt.fp32_dest_acc_en")) {
      ctx.fp32_dest_acc_en = f.attrs.get_bool("tt.fp32_dest_acc_en", false);
    }
  }
  if (!options.math_fidelity.empty()) {
    ctx.math_fidelity = options.math_fidelity;
  }
  if (!options.fp32_dest_acc.empty()) {
    ctx.fp32_dest_acc_en = options.fp32_dest_acc == "on";
  }
  if (!options.mesh.empty()) {
    std::string error;
    ctx.mesh = parse_mesh(options.mesh, &error);
    if (!ctx.mesh) {
      diag.error({}) << error;
      return std::nullopt;
    }
  }
  ctx.cli_loc.file = intern_file_name("<command line>");
  passes::GemmTuning cached;
  ctx.gemm_tuning = options.gemm_tuning;
  if (!ctx.gemm_tuning && tuning_cache_enabled(options)) {
    if (std::optional<TuningEntry> e = load_tuning(tuning_key(m, options))) {
      cached.forced = e->blocks;
      cached.source = "the tuning cache (`tltt tune`; --no-tuning-cache ignores it)";
      ctx.gemm_tuning = &cached;
    }
  }
  passes::PipelineOptions popts;
  popts.dump_ir_dir = options.dump_ir_dir;
  popts.time_passes = options.time_passes;
  popts.print_after = options.print_after;
  popts.stop_after = options.stop_after;
  popts.disabled_passes = options.disabled_passes;
  popts.no_optimization = options.opt_level == 0;
  return passes::run_pipeline(m, ctx, popts);
}

namespace {

// A function of several T.Kernel launches (or scratch tensors): each launch lowered on its own,
// one host program running their device programs in order (launches.h).
std::optional<Artifacts> compile_launches(const ir::Module& m, const LaunchSplit& split,
                                          const CompileOptions& options, DiagnosticEngine& diag) {
  const ir::PrimFunc& f = m.functions.front();
  std::vector<ir::Module> lowered;
  for (const ir::PrimFunc& launch : split.launches) {
    ir::Module one = m;
    one.functions = {launch};
    std::optional<ir::Module> l = lower(one, options, diag);
    if (!l) {
      return std::nullopt;
    }
    lowered.push_back(std::move(*l));
  }
  Artifacts out;
  if (!options.stop_after.empty()) {
    return out;
  }
  std::vector<const ir::Module*> modules;
  std::vector<const ir::DevicePlan*> plans;
  for (const ir::Module& l : lowered) {
    modules.push_back(&l);
    plans.push_back(&l.plan);
  }
  // On a mesh each launch is split as a launch of its own; the devices keep their chunks
  // between the programs only when the launches split the tensors they share alike.
  if (!check_mesh_launches(split, plans, diag)) {
    return std::nullopt;
  }
  std::optional<ir::DevicePlan> top = merge_launch_plans(f, split, plans, diag);
  if (!top) {
    return std::nullopt;
  }
  std::set<std::string> scratch;
  for (const ir::Buffer& b : split.scratch) {
    scratch.insert(b->name);
  }
  out.files = codegen::generate_launches(*top, modules, scratch);
  for (const ir::DevicePlan* plan : plans) {
    out.plans.push_back(*plan);
  }
  return out;
}

}  // namespace

std::optional<Artifacts> compile_module(const ir::Module& m, const CompileOptions& options,
                                        DiagnosticEngine& diag) {
  diag.set_options(options.diagnostics);  // callers with their own engine (tltt run) get them too
  if (m.functions.size() == 1) {
    if (std::optional<LaunchSplit> split = split_launches(m.functions.front(), diag)) {
      return compile_launches(m, *split, options, diag);
    }
  }
  auto lowered = lower(m, options, diag);
  if (!lowered) {
    return std::nullopt;
  }
  Artifacts out;
  if (!options.stop_after.empty()) {
    return out;
  }
  out.files = codegen::generate(*lowered);
  out.plans = {lowered->plan};
  if (options.runtime_sizes) {
    serve_sizes_at_run_time(*lowered, options, diag, out.files);
  }
  return out;
}

fe::EntryOptions entry_options(const CompileOptions& options) {
  fe::EntryOptions e;
  e.entry = options.entry;
  e.sets = options.sets;
  e.device = options.device;
  if (auto dev = passes::DeviceModel::by_name(options.device)) {
    e.device = dev->name;
    e.num_sms = dev->num_cores();
  }
  e.search_path = options.search_path;
  return e;
}

std::optional<Artifacts> compile(const CompileOptions& options) {
  SourceManager sources;
  DiagnosticEngine diag(&sources);
  diag.set_options(options.diagnostics);
  auto result = [&]() -> std::optional<Artifacts> {
    std::optional<ir::Module> m;
    if (FrontEnd fe = front_end()) {
      m = fe(options, sources, diag);
    } else {
      m = fe::load(options.file, entry_options(options), sources, diag);
    }
    if (!m || diag.has_errors()) {
      return std::nullopt;
    }
    return compile_module(*m, options, diag);
  }();
  if (options.diagnostics.verify) {
    // The expectations decide: success when they match, whatever was reported; no artifacts.
    if (!verify_diagnostics(diag.diagnostics(), options.file)) {
      return std::nullopt;
    }
    return Artifacts{};
  }
  return result;
}

bool write_artifacts(const Artifacts& artifacts, const std::string& out_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "tltt: error: cannot create %s: %s\n", out_dir.c_str(),
                 ec.message().c_str());
    return false;
  }
  for (const auto& [name, text] : artifacts.files) {
    std::ofstream f(fs::path(out_dir) / name, std::ios::binary);
    if (!(f << text)) {
      std::fprintf(stderr, "tltt: error: cannot write %s/%s\n", out_dir.c_str(), name.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace tltt::driver
