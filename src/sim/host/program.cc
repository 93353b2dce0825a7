// Program construction (kernels, CBs, semaphores, runtime args) and launching it on the engine.
#include <algorithm>
#include <cstdio>

#include "sim/core/engine.h"
#include "sim/host/program_state.h"
#include "sim/host/settings.h"
#include "tt-metalium/distributed.hpp"
#include "tt-metalium/host_api.hpp"
#include "ttsim/stats.hpp"

namespace tt::tt_metal {

Program::Program() : state_(std::make_unique<detail::ProgramState>()) {
  state_->desc.arch = ttsim::selected_arch();
}
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

Program CreateProgram() { return Program(); }

uint32_t& RuntimeArgsData::at(size_t i) {
  if (i >= rt_args_count) {
    throw SimulatorError("runtime arg index " + std::to_string(i) + " out of range (" +
                         std::to_string(rt_args_count) + " args)");
  }
  return rt_args_data[i];
}

namespace {

// Worker grid used to validate core specs before a device is known: the largest model's grid.
std::vector<CoreCoord> cores_of(const CoreSpec& spec) {
  std::vector<CoreCoord> out;
  if (auto* c = std::get_if<CoreCoord>(&spec)) {
    out.push_back(*c);
  } else if (auto* r = std::get_if<CoreRange>(&spec)) {
    for (CoreCoord c : *r) {
      out.push_back(c);
    }
  } else {
    for (auto& r : std::get<CoreRangeSet>(spec).ranges()) {
      for (CoreCoord c : r) {
        out.push_back(c);
      }
    }
  }
  return out;
}

uint32_t grid_x() { return ttsim::arch_spec(ttsim::selected_arch()).grid_x(); }
uint32_t grid_y() { return ttsim::arch_spec(ttsim::selected_arch()).grid_y(); }

std::vector<uint32_t> indices_of(const CoreSpec& spec, const char* call) {
  std::vector<uint32_t> out;
  for (auto& c : cores_of(spec)) {
    if (c.x >= grid_x() || c.y >= grid_y()) {
      throw SimulatorError(std::string(call) + ": core " + c.str() + " is outside the " +
                           std::to_string(grid_x()) + "x" + std::to_string(grid_y()) +
                           " worker grid of " + ttsim::arch_spec(ttsim::selected_arch()).name());
    }
    out.push_back(static_cast<uint32_t>(c.y * grid_x() + c.x));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

ttsim::KernelDesc& kernel_of(const Program& p, KernelHandle k, const char* call) {
  auto& ks = p.state().desc.kernels;
  if (k >= ks.size()) {
    throw SimulatorError(std::string(call) + ": kernel handle " + std::to_string(k) +
                         " does not belong to this program");
  }
  return ks[k];
}

KernelHandle add_kernel(Program& program, const std::string& file, const std::string& source,
                        const CoreSpec& core_spec, const KernelConfig& config) {
  ttsim::KernelDesc k;
  k.file = file;
  k.source = source;
  k.cores = indices_of(core_spec, "CreateKernel");
  if (auto* dm = std::get_if<DataMovementConfig>(&config)) {
    k.kind = dm->processor == DataMovementProcessor::RISCV_1 ? ttsim::KernelKind::DataMovement1
                                                             : ttsim::KernelKind::DataMovement0;
    k.noc = dm->noc == NOC::NOC_1 ? 1 : 0;
    k.compile_args = dm->compile_args;
    k.defines = dm->defines;
    k.named_args.insert(dm->named_compile_args.begin(), dm->named_compile_args.end());
  } else if (auto* cc = std::get_if<ComputeConfig>(&config)) {
    k.kind = ttsim::KernelKind::Compute;
    k.compile_args = cc->compile_args;
    k.defines = cc->defines;
    k.named_args.insert(cc->named_compile_args.begin(), cc->named_compile_args.end());
    k.compute.fidelity = cc->math_fidelity;
    k.compute.fp32_dest_acc = cc->fp32_dest_acc_en;
    k.compute.dst_full_sync = cc->dst_full_sync_en;
    k.compute.approx = cc->math_approx_mode;
  } else {
    throw SimulatorError("CreateKernel: Ethernet kernels are not simulated");
  }
  auto& st = program.state();
  st.desc.kernels.push_back(std::move(k));
  st.rt_views.emplace_back();
  st.common_views.emplace_back();
  return static_cast<KernelHandle>(st.desc.kernels.size() - 1);
}

void set_args(ttsim::KernelDesc& k, uint32_t core, std::vector<uint32_t> args) {
  if (std::find(k.cores.begin(), k.cores.end(), core) == k.cores.end()) {
    uint32_t gx = grid_x();
    throw SimulatorError("SetRuntimeArgs: kernel " + k.file + " does not run on core " +
                         CoreCoord{core % gx, core / gx}.str());
  }
  if (args.size() + k.common_args.size() > max_runtime_args) {
    throw SimulatorError("SetRuntimeArgs: " + std::to_string(args.size()) + " runtime args (+" +
                         std::to_string(k.common_args.size()) + " common) for kernel " + k.file +
                         " exceed the limit of " + std::to_string(max_runtime_args));
  }
  k.runtime_args[core] = std::move(args);
}

}  // namespace

KernelHandle CreateKernel(Program& program, const std::string& file_name, const CoreSpec& core_spec,
                          const KernelConfig& config) {
  return add_kernel(program, file_name, "", core_spec, config);
}

KernelHandle CreateKernelFromString(Program& program, const std::string& src,
                                    const CoreSpec& core_spec, const KernelConfig& config) {
  return add_kernel(program, "<kernel from string>", src, core_spec, config);
}

CBHandle CreateCircularBuffer(Program& program, const CoreSpec& core_spec,
                              const CircularBufferConfig& config) {
  auto& st = program.state();
  uint32_t group = st.next_group++;
  auto cores = indices_of(core_spec, "CreateCircularBuffer");
  if (config.data_formats().empty()) {
    throw SimulatorError("CreateCircularBuffer: the config names no CB index");
  }
  for (auto& [index, fmt] : config.data_formats()) {
    auto ps = config.page_sizes().find(index);
    if (ps == config.page_sizes().end()) {
      throw SimulatorError("CreateCircularBuffer: CB " + std::to_string(index) +
                           " has no page size (call set_page_size)");
    }
    ttsim::CbDesc cb;
    cb.index = index;
    cb.total_size = config.total_size();
    cb.page_size = ps->second;
    cb.format = fmt;
    cb.group = group;
    cb.cores = cores;
    if (auto a = config.globally_allocated_address()) {
      cb.address = *a;
      cb.fixed_address = true;
    }
    st.desc.cbs.push_back(cb);
  }
  return static_cast<CBHandle>(group) + 1;
}

void UpdateDynamicCircularBufferAddress(Program& program, CBHandle cb, const Buffer& buffer) {
  for (auto& d : program.state().desc.cbs) {
    if (d.group + 1 == cb) {
      d.address = static_cast<uint32_t>(buffer.address());
      d.fixed_address = true;
    }
  }
}

namespace {
// The CB descriptions of handle `cb` (one per index of its config).
std::vector<ttsim::CbDesc*> cbs_of(Program& program, CBHandle cb, const char* call) {
  std::vector<ttsim::CbDesc*> out;
  for (auto& d : program.state().desc.cbs) {
    if (d.group + 1 == cb) {
      out.push_back(&d);
    }
  }
  if (out.empty()) {
    throw SimulatorError(std::string(call) + ": no circular buffer has handle " +
                         std::to_string(cb) + " in this program");
  }
  return out;
}
}  // namespace

void UpdateCircularBufferTotalSize(Program& program, CBHandle cb, uint32_t total_size) {
  for (ttsim::CbDesc* d : cbs_of(program, cb, "UpdateCircularBufferTotalSize")) {
    d->total_size = total_size;
  }
}

void UpdateCircularBufferPageSize(Program& program, CBHandle cb, uint8_t buffer_index,
                                  uint32_t page_size) {
  bool found = false;
  for (ttsim::CbDesc* d : cbs_of(program, cb, "UpdateCircularBufferPageSize")) {
    if (d->index == buffer_index) {
      d->page_size = page_size;
      found = true;
    }
  }
  if (!found) {
    throw SimulatorError("UpdateCircularBufferPageSize: circular buffer " + std::to_string(cb) +
                         " has no index " + std::to_string(buffer_index));
  }
}

void UpdateDynamicCircularBufferAddressAndTotalSize(Program& program, CBHandle cb,
                                                    const Buffer& buffer, uint32_t total_size) {
  UpdateDynamicCircularBufferAddress(program, cb, buffer);
  UpdateCircularBufferTotalSize(program, cb, total_size);
}

void AssignGlobalBufferToProgram(const std::shared_ptr<Buffer>& buffer, Program& program) {
  program.state().kept_buffers.push_back(buffer);
}

uint32_t CreateSemaphore(Program& program, const std::variant<CoreRange, CoreRangeSet>& core_spec,
                         uint32_t initial_value, CoreType) {
  ttsim::SemaphoreDesc s;
  if (auto* r = std::get_if<CoreRange>(&core_spec)) {
    s.cores = indices_of(*r, "CreateSemaphore");
  } else {
    s.cores = indices_of(std::get<CoreRangeSet>(core_spec), "CreateSemaphore");
  }
  s.initial = initial_value;
  auto& sems = program.state().desc.semaphores;
  sems.push_back(std::move(s));
  return static_cast<uint32_t>(sems.size() - 1);
}

void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::span<const uint32_t> args) {
  auto& k = kernel_of(program, kernel, "SetRuntimeArgs");
  for (uint32_t c : indices_of(core_spec, "SetRuntimeArgs")) {
    set_args(k, c, std::vector<uint32_t>(args.begin(), args.end()));
  }
}

void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::initializer_list<uint32_t> args) {
  SetRuntimeArgs(program, kernel, core_spec, std::span<const uint32_t>(args.begin(), args.size()));
}

void SetRuntimeArgs(const Program& program, KernelHandle kernel,
                    const std::vector<CoreCoord>& cores,
                    const std::vector<std::vector<uint32_t>>& args) {
  if (cores.size() != args.size()) {
    throw SimulatorError("SetRuntimeArgs: " + std::to_string(cores.size()) + " cores but " +
                         std::to_string(args.size()) + " argument lists");
  }
  for (size_t i = 0; i < cores.size(); ++i) {
    SetRuntimeArgs(program, kernel, cores[i], args[i]);
  }
}

void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel,
                          std::span<const uint32_t> args) {
  auto& k = kernel_of(program, kernel, "SetCommonRuntimeArgs");
  if (args.size() > max_runtime_args) {
    throw SimulatorError("SetCommonRuntimeArgs: " + std::to_string(args.size()) +
                         " args exceed the limit of " + std::to_string(max_runtime_args));
  }
  k.common_args.assign(args.begin(), args.end());
}

void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel,
                          std::initializer_list<uint32_t> args) {
  SetCommonRuntimeArgs(program, kernel, std::span<const uint32_t>(args.begin(), args.size()));
}

RuntimeArgsData& GetRuntimeArgs(const Program& program, KernelHandle kernel,
                                const CoreCoord& core) {
  auto& k = kernel_of(program, kernel, "GetRuntimeArgs");
  uint32_t c = indices_of(core, "GetRuntimeArgs")[0];
  auto& v = k.runtime_args[c];
  auto& view = program.state().rt_views[kernel][c];
  view.rt_args_data = v.data();
  view.rt_args_count = v.size();
  return view;
}

RuntimeArgsData& GetCommonRuntimeArgs(const Program& program, KernelHandle kernel) {
  auto& k = kernel_of(program, kernel, "GetCommonRuntimeArgs");
  auto& view = program.state().common_views[kernel];
  view.rt_args_data = k.common_args.data();
  view.rt_args_count = k.common_args.size();
  return view;
}

// ---- launching
// ------------------------------------------------------------------------------------

// Runs `desc` (core indices across the chips of `dev`) to completion.
static void run_desc(ttsim::Device& dev, ttsim::ProgramDesc& desc) {
  auto& gs = ttsim::settings();
  ttsim::Engine engine(dev, desc, {gs.quantum, gs.seed}, dev.log());
  uint64_t cycles = engine.run();
  ttsim::RunCapture::record(dev.log().last);
  if (gs.cycle_report) {
    std::fprintf(stderr, "ttsim: program ran %llu cycles on %s\n",
                 static_cast<unsigned long long>(cycles), dev.spec().name().c_str());
  }
}

static void check_arch(const ttsim::Device& dev, const Program& program) {
  if (program.state().desc.arch != dev.spec().arch) {
    throw SimulatorError("the program was built for " +
                         ttsim::arch_spec(program.state().desc.arch).name() + " but runs on a " +
                         dev.spec().name() +
                         " device (select the device before creating programs)");
  }
}

// Appends `program`'s kernels, CBs and semaphores placed on `chip` to `out` (core indices move
// by the chip's first core; CB groups by `group_base` so programs do not share CB storage).
static void place(const ttsim::Device& dev, const ttsim::ProgramDesc& program, uint32_t chip,
                  uint32_t group_base, ttsim::ProgramDesc& out) {
  uint32_t base = dev.core_base(chip);
  auto moved = [base](const std::vector<uint32_t>& cores) {
    std::vector<uint32_t> v;
    for (uint32_t c : cores) {
      v.push_back(base + c);
    }
    return v;
  };
  for (const auto& k : program.kernels) {
    ttsim::KernelDesc m = k;
    m.cores = moved(k.cores);
    m.runtime_args.clear();
    for (const auto& [c, args] : k.runtime_args) {
      m.runtime_args[base + c] = args;
    }
    out.kernels.push_back(std::move(m));
  }
  for (const auto& cb : program.cbs) {
    ttsim::CbDesc m = cb;
    m.cores = moved(cb.cores);
    m.group += group_base;
    out.cbs.push_back(std::move(m));
  }
  for (size_t id = 0; id < program.semaphores.size(); ++id) {
    ttsim::SemaphoreDesc m = program.semaphores[id];
    m.cores = moved(m.cores);
    m.id = static_cast<int>(id);
    out.semaphores.push_back(std::move(m));
  }
}

static void run_program(IDevice* device, Program& program) {
  auto& dev = device->sim();
  check_arch(dev, program);
  ttsim::ProgramDesc desc;  // the engine assigns CB addresses in its copy
  if (device->chip() == 0) {
    desc = program.state().desc;
  } else {
    desc.arch = program.state().desc.arch;
    place(dev, program.state().desc, device->chip(), 0, desc);
  }
  run_desc(dev, desc);
}

void EnqueueProgram(CommandQueue& cq, Program& program, bool) { run_program(cq.device(), program); }

void Finish(CommandQueue&) {}

namespace detail {
void LaunchProgram(IDevice* device, Program& program, bool) { run_program(device, program); }
}  // namespace detail

namespace distributed {

void EnqueueMeshWorkload(MeshCommandQueue& cq, MeshWorkload& workload, bool) {
  if (auto* trace = cq.device()->capturing(cq.id())) {
    trace->push_back(&workload);
    return;
  }
  // The programs of all device ranges run together (their kernels may talk over the fabric).
  MeshDevice* mesh = cq.device();
  auto& dev = mesh->sim();
  ttsim::ProgramDesc desc;
  desc.arch = dev.spec().arch;
  std::vector<bool> taken(mesh->num_devices(), false);
  uint32_t group_base = 0;
  for (auto& [range, program] : workload.get_programs()) {
    check_arch(dev, program);
    for (const MeshCoordinate& coord : range) {
      uint32_t chip = mesh->chip_index(coord);
      if (taken[chip]) {
        throw SimulatorError("EnqueueMeshWorkload: two programs of the workload run on device " +
                             coord.str());
      }
      taken[chip] = true;
      place(dev, program.state().desc, chip, group_base, desc);
      uint32_t groups = 0;
      for (const auto& cb : program.state().desc.cbs) {
        groups = std::max(groups, cb.group + 1);
      }
      group_base += groups;
    }
  }
  run_desc(dev, desc);
}

void Finish(MeshCommandQueue&) {}

}  // namespace distributed
}  // namespace tt::tt_metal
