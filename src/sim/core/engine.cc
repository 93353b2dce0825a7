// Engine: program layout, kernel loading (a private copy of the kernel .so per core), the
// deterministic scheduler loop, blocking and wake-up, deadlock reports, NoC address checks.
#include "sim/core/engine.h"

#include "sim/core/strict.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "device/device.h"
#include "sim/core/fiber.h"
#include "sim/core/jit.h"
#include "ttsim/error.hpp"

namespace ttsim {

using tt::tt_metal::SimulatorError;

namespace {
// The engine whose run() is on this thread's stack. Kernel code calls the C ABI (ttsim_*) with no
// context argument, so the ABI finds its engine here. Engine::run sets it and resets it on every
// exit; it is per thread, so engines run on different threads never see each other's.
thread_local Engine* t_current = nullptr;

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string base_name(const std::string& p) { return std::filesystem::path(p).filename().string(); }
}  // namespace

const char* risc_name(int risc) {
  static const char* names[] = {"BRISC", "NCRISC", "TRISC"};
  return risc >= 0 && risc < 3 ? names[risc] : "?";
}

Engine* Engine::current() { return t_current; }

Engine::Engine(Device& dev, ProgramDesc& prog, EngineSettings settings, timing::RunLog& log,
               Settings env)
    : dev_(dev),
      prog_(prog),
      settings_(settings),
      env_(std::move(env)),
      cost_(make_cost_model(env_.cost_model, CostModelOptions{env_.data_dir})) {
  std::vector<XY> logical(dev.num_cores());
  for (uint32_t c = 0; c < logical.size(); ++c) {
    logical[c] = dev.logical_of(c);
  }
  recorder_ = std::make_unique<timing::Recorder>(
      dev.spec(), std::move(logical), *cost_,
      timing::RecorderOptions{env_.timing_only, env_.trace_file, env_.stats_file, env_.report_dir,
                              env_.progress, env_.data_dir},
      log, dev.mesh_cols());
  cores_.resize(dev.num_cores());
  for (uint32_t i = 0; i < cores_.size(); ++i) {
    cores_[i].index = i;
    cores_[i].cbs.resize(dev.spec().desc->num_cbs);
  }
}

Engine::~Engine() { cleanup(); }

void Engine::cleanup() {
  runnable_.clear();
  tasks_.clear();  // frees fiber stacks (abandoned fibers are never unwound)
  for (void* h : handles_) {
    dlclose(h);
  }
  handles_.clear();
  for (int fd : fds_) {
    close(fd);
  }
  fds_.clear();
  if (t_current == this) {
    t_current = nullptr;
  }
}

std::string Engine::running_kernel() {
  Engine* e = t_current;
  const Task* t = e ? static_cast<const Task*>(e->watch_.running.load()) : nullptr;
  return t ? e->where(*t) : std::string();
}

std::string Engine::where(const Task& t) const {
  XY l = dev_.logical_of(t.core), p = dev_.physical_of(t.core);
  std::string name =
      t.kernel ? base_name(t.kernel->file.empty() ? "<string>" : t.kernel->file) : "?";
  std::string chip =
      dev_.chips() > 1 ? "device " + std::to_string(dev_.chip_of(t.core)) + " " : std::string();
  return "kernel " + name + " on " + chip + "core (" + std::to_string(l.x) + "," +
         std::to_string(l.y) + ") [physical (" + std::to_string(p.x) + "," + std::to_string(p.y) +
         ")] " + risc_name(t.risc);
}

void Engine::fail(Task& t, const char* call, const std::string& message) {
  throw SimulatorError(where(t) + ": " + call + ": " + message);
}

void Task::fail(const char* call, const std::string& message) {
  engine->fail(*this, call, message);
}

void Task::charge_op(const ComputeOp& op) {
  engine->recorder().compute_op(*this, op, dst_state == DstState::Legacy, engine->now());
  engine->step(0);
}

bool Task::timing_only() const { return engine->settings().timing_only; }

Task& Engine::task() {
  if (!running_) {
    throw SimulatorError("ttsim: kernel API called outside a running kernel");
  }
  return *running_;
}

void Engine::layout() {
  const auto& spec = dev_.spec();
  std::vector<uint32_t> top(cores_.size(), spec.desc->l1_reserved);
  std::map<uint32_t, uint32_t> group_addr;
  for (auto& cb : prog_.cbs) {
    if (cb.index >= spec.desc->num_cbs) {
      throw SimulatorError("circular buffer index " + std::to_string(cb.index) +
                           " is out of range (" + spec.name() + " has " +
                           std::to_string(spec.desc->num_cbs) + " CBs)");
    }
    if (cb.page_size == 0 || cb.total_size % cb.page_size != 0) {
      throw SimulatorError("circular buffer " + std::to_string(cb.index) + ": total size " +
                           std::to_string(cb.total_size) + " is not a multiple of the page size " +
                           std::to_string(cb.page_size));
    }
    if (!cb.fixed_address) {
      auto it = group_addr.find(cb.group);
      if (it != group_addr.end()) {
        cb.address = it->second;
      } else {
        uint32_t a = 0;
        for (uint32_t c : cb.cores) {
          a = std::max(a, top[c]);
        }
        cb.address = a;
        group_addr[cb.group] = a;
        uint32_t end = (a + cb.total_size + spec.desc->l1_alignment - 1) / spec.desc->l1_alignment *
                       spec.desc->l1_alignment;
        for (uint32_t c : cb.cores) {
          top[c] = end;
        }
      }
    }
    for (uint32_t c : cb.cores) {
      CbState& s = cores_[c].cbs[cb.index];
      if (s.configured) {
        throw SimulatorError("circular buffer " + std::to_string(cb.index) +
                             " is configured twice on one core");
      }
      s.configured = true;
      s.base = cb.address;
      s.size = cb.total_size;
      s.page_size = cb.page_size;
      s.num_pages = cb.total_size / cb.page_size;
      s.format = cb.format;
      s.wr_ptr = s.rd_ptr = cb.address;
      s.aliased = cb.fixed_address;
    }
  }
  uint32_t floor = dev_.l1_buffer_floor();
  for (uint32_t c = 0; c < cores_.size(); ++c) {
    if (top[c] > floor) {
      XY l = dev_.logical_of(c);
      throw SimulatorError("L1 overflow on core (" + std::to_string(l.x) + "," +
                           std::to_string(l.y) + "): circular buffers end at " + hex(top[c]) +
                           " but L1 buffers start at " + hex(floor) + " (" +
                           std::to_string(top[c] - floor) + " bytes over; " + spec.name() +
                           " L1 is " + std::to_string(spec.desc->l1_size / 1024) + " KiB, " +
                           std::to_string(spec.desc->l1_reserved / 1024) + " KiB reserved)");
    }
  }
  // Semaphores and runtime args live in the reserved config region of each core's L1.
  for (size_t i = 0; i < prog_.semaphores.size(); ++i) {
    const SemaphoreDesc& sem = prog_.semaphores[i];
    size_t id = sem.id >= 0 ? static_cast<size_t>(sem.id) : i;
    if (id >= L1Layout::kNumSems) {
      throw SimulatorError("too many semaphores: " + std::to_string(id + 1) + " (at most " +
                           std::to_string(L1Layout::kNumSems) + ")");
    }
    for (uint32_t c : sem.cores) {
      uint32_t v = sem.initial;
      std::memcpy(l1(c, L1Layout::kSemBase + static_cast<uint32_t>(id) * L1Layout::kSemStride), &v,
                  4);
    }
  }
}

namespace {
// dlopen a private copy of `so` (glibc shares one instance per path/inode, and each core needs
// its own kernel globals), through a memfd so nothing is written to disk.
// The memfd stays open while the copy is loaded: glibc also matches libraries by path name, and a
// reused /proc/self/fd/N would hand back the previous kernel.
void* load_private(const std::string& bytes, const std::string& label, std::vector<int>& fds) {
  int fd = memfd_create("ttsim-kernel", MFD_CLOEXEC);
  if (fd < 0) {
    throw SimulatorError("ttsim: memfd_create failed for " + label);
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      close(fd);
      throw SimulatorError("ttsim: cannot stage kernel " + label);
    }
    done += static_cast<size_t>(n);
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  fds.push_back(fd);
  if (!h) {
    throw SimulatorError("ttsim: cannot load kernel " + label + ": " + dlerror());
  }
  return h;
}
}  // namespace

void Engine::load_kernels() {
  std::vector<std::vector<Task*>> per_core(cores_.size());
  for (auto& k : prog_.kernels) {
    if (!k.cores.empty()) {
      k.cb_formats.clear();
      for (auto& cb : cores_[k.cores.front()].cbs) {
        if (!k.cb_formats.empty()) {
          k.cb_formats += ",";
        }
        k.cb_formats += std::to_string(cb.configured ? static_cast<int>(cb.format) : 255);
      }
    }
    std::string so = jit_compile(k, dev_.spec());
    std::ifstream in(so, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    int risc = k.kind == KernelKind::Compute ? 2 : (k.kind == KernelKind::DataMovement1 ? 1 : 0);
    for (uint32_t c : k.cores) {
      for (Task* other : per_core[c]) {
        if (other->risc == risc) {
          XY l = dev_.logical_of(c);
          throw SimulatorError("kernels " + base_name(other->kernel->file) + " and " +
                               base_name(k.file) + " both run on " + risc_name(risc) +
                               " of core (" + std::to_string(l.x) + "," + std::to_string(l.y) +
                               ")");
        }
      }
      auto t = std::make_unique<Task>();
      t->engine = this;
      t->core = c;
      t->risc = risc;
      t->kernel = &k;
      size_t nargs = 0;
      if (auto it = k.runtime_args.find(c); it != k.runtime_args.end()) {
        nargs = it->second.size();
      }
      if (nargs + k.common_args.size() > L1Layout::kMaxRuntimeArgs) {
        fail(*t, "SetRuntimeArgs",
             std::to_string(nargs) + " runtime args + " + std::to_string(k.common_args.size()) +
                 " common args exceed the limit of " + std::to_string(L1Layout::kMaxRuntimeArgs));
      }
      if (nargs) {
        std::memcpy(l1(c, L1Layout::kArgsBase + risc * L1Layout::kArgsStride),
                    k.runtime_args.at(c).data(), nargs * 4);
      }
      if (!k.common_args.empty()) {
        std::memcpy(l1(c, L1Layout::kCommonArgsBase + risc * L1Layout::kArgsStride),
                    k.common_args.data(), k.common_args.size() * 4);
      }
      if (risc == 2) {
        t->dst.assign(size_t(dev_.spec().dst_tiles(false, true)) * 1024, 0.0f);  // all of DST
        t->math.fidelity = k.compute.fidelity;
        t->math.fp32_dest_acc = k.compute.fp32_dest_acc;
        t->math.approx = k.compute.approx;
        t->dst_capacity = dev_.spec().dst_tiles(k.compute.fp32_dest_acc, k.compute.dst_full_sync);
      }
      void* h = load_private(bytes, k.file, fds_);
      handles_.push_back(h);
      t->so = h;
      t->entry = reinterpret_cast<void (*)()>(dlsym(h, "ttsim_kernel_entry"));
      if (!t->entry) {
        throw SimulatorError("ttsim: kernel " + k.file + " has no entry point");
      }
      Task* tp = t.get();
      t->fiber = std::make_unique<Fiber>(
          [this, tp] {
            tp->clock += cost_->call_cycles(dev_.spec(), ApiCall::KernelStart);
            {
              // Scoped: a fiber that deadlocks or faults is never unwound past entry(), so
              // nothing that owns memory may live across it.
              std::string name = base_name(tp->kernel->file);
              recorder_->kernel_start(*tp, name.empty() ? "<string>" : name);
            }
            tp->entry();
            recorder_->kernel_end(*tp);
          },
          env_.stack_bytes);
      per_core[c].push_back(tp);
      cores_[c].tasks.push_back(tp);
      tasks_.push_back(std::move(t));
    }
  }
}

void Engine::mark_dirty(uint32_t core) {
  cores_[core].dirty = true;
  any_dirty_ = true;
}

void Engine::settle() {
  while (any_dirty_) {
    any_dirty_ = false;
    for (auto& c : cores_) {
      if (!c.dirty) {
        continue;
      }
      c.dirty = false;
      for (Task* t : c.tasks) {
        if (t->state == TaskState::Blocked && t->wait_ready()) {
          t->state = TaskState::Runnable;
          t->clock = std::max(t->clock, now_);
          limit_ = std::min(limit_, t->clock);
          runnable_.insert(t);
        }
      }
    }
  }
}

void Engine::block(const char* call, std::function<bool()> ready,
                   std::function<std::string()> detail) {
  Task& t = task();
  if (ready()) {
    return;
  }
  if (any_dirty_) {
    now_ = t.clock;
    settle();
  }
  t.state = TaskState::Blocked;
  t.wait_ready = std::move(ready);
  t.wait_call = call;
  t.wait_detail = std::move(detail);
  uint64_t since = t.clock;
  Fiber::yield();
  recorder_->blocked(t, call, since);
  t.wait_ready = nullptr;
  t.wait_detail = nullptr;
}

void Engine::step(uint64_t cycles) {
  watch_.progress.fetch_add(1, std::memory_order_relaxed);
  Task& t = task();
  if (any_dirty_) {
    now_ = t.clock;
    settle();
  }
  t.clock += cycles;
  if (t.clock > limit_ + settings_.quantum) {
    Fiber::yield();
  }
}

void Engine::post(uint64_t time, std::function<void()> fn) {
  events_.push(Event{time, seq_++, std::move(fn)});
  limit_ = std::min(limit_, time);
}

Task* Engine::pick() { return runnable_.empty() ? nullptr : *runnable_.begin(); }

void Engine::deadlock() {
  std::string msg = "deadlock: no kernel can make progress";
  for (auto& t : tasks_) {
    if (t->state != TaskState::Blocked) {
      continue;
    }
    msg += "\n  " + where(*t) + " waits in " + t->wait_call;
    if (t->wait_detail) {
      msg += ": " + t->wait_detail();
    }
    msg += " (since cycle " + std::to_string(t->clock) + ")";
  }
  throw SimulatorError(msg);
}

uint64_t Engine::run() {
  if (t_current) {
    throw SimulatorError("ttsim: a program is already running");
  }
  t_current = this;
  struct Reset {
    Engine* e;
    ~Reset() {
      e->running_ = nullptr;
      e->watch_.running.store(nullptr);
      if (t_current == e) {
        t_current = nullptr;
      }
    }
  } reset{this};
  layout();
  load_kernels();
  // Declared after `reset`, so it is stopped and joined before the run's state is cleared.
  Watchdog watchdog(watch_, env_.watchdog_seconds,
                    [this](const void* t) { return where(*static_cast<const Task*>(t)); });
  runnable_.clear();
  for (auto& t : tasks_) {
    if (t->state == TaskState::Runnable) {
      runnable_.insert(t.get());
    }
  }
  uint64_t end = 0;
  for (;;) {
    if (any_dirty_) {
      settle();
    }
    Task* t = pick();
    if (!events_.empty() && (!t || events_.top().time <= t->clock)) {
      Event ev = events_.top();
      events_.pop();
      now_ = ev.time;
      ev.fn();
      end = std::max(end, now_);
      continue;
    }
    if (!t) {
      for (auto& u : tasks_) {
        if (u->state != TaskState::Done) {
          deadlock();
        }
      }
      break;
    }
    runnable_.erase(runnable_.begin());  // t: its clock changes while it runs
    running_ = t;
    now_ = t->clock;
    limit_ = events_.empty() ? UINT64_MAX : events_.top().time;
    if (!runnable_.empty()) {
      limit_ = std::min(limit_, (*runnable_.begin())->clock);
    }
    dev_.map_window(t->core);
    watch_.progress.fetch_add(1, std::memory_order_relaxed);
    watch_.running.store(t);
    t->fiber->resume();
    watch_.running.store(nullptr);
    running_ = nullptr;
    if (t->state == TaskState::Runnable && !t->fiber->finished()) {
      runnable_.insert(t);
    }
    if (t->fiber->finished()) {
      t->state = TaskState::Done;
      end = std::max(end, t->clock);
      mark_dirty(t->core);
      if (auto err = t->fiber->error()) {
        std::rethrow_exception(err);
      }
    }
  }
  recorder_->finish(end, jit_compile_count());
  return end;
}

// ---- NoC address resolution --------------------------------------------------------------------

Engine::Target Engine::resolve(uint64_t noc_addr, uint32_t size, const char* call, int chip) {
  Task& t = task();
  // A NoC address names an endpoint of the issuing core's own chip; the fabric passes the chip
  // a packet is delivered to.
  uint32_t on = chip >= 0 ? static_cast<uint32_t>(chip) : dev_.chip_of(t.core);
  uint64_t local = noc_addr & ((1ull << 36) - 1);
  uint32_t x = static_cast<uint32_t>((noc_addr >> 36) & 63);
  uint32_t y = static_cast<uint32_t>((noc_addr >> 42) & 63);
  Target r;
  r.xy = {x, y};
  int c = dev_.core_of_physical(x, y);
  if (c >= 0) {
    if (local < L1Layout::kFirmwareEnd || local + size > dev_.spec().desc->l1_size) {
      fail(t, call,
           "NoC access [" + hex(local) + ", " + hex(local + size) +
               ") is outside the L1 of core (" + std::to_string(x) + "," + std::to_string(y) +
               ") (usable [" + hex(L1Layout::kFirmwareEnd) + ", " + hex(dev_.spec().desc->l1_size) +
               "))");
    }
    r.core = static_cast<int>(dev_.core_base(on)) + c;
    r.ptr = l1(static_cast<uint32_t>(r.core), static_cast<uint32_t>(local));
    return r;
  }
  uint64_t boff = 0;
  int b = dev_.dram_bank_of(x, y, local, &boff);
  if (b >= 0) {
    if (!dev_.dram_allocated(boff, size)) {
      fail(t, call,
           "NoC access [" + hex(boff) + ", " + hex(boff + size) + ") of DRAM bank " +
               std::to_string(b) + " is outside every allocated DRAM buffer (allocated: " +
               dev_.describe_dram_allocations() + ")");
    }
    r.dram = true;
    r.bank = b;  // chip-local: the timing model books banks per chip
    r.ptr = dev_.dram(on * dev_.banks_per_chip() + static_cast<uint32_t>(b)) + boff;
    return r;
  }
  // Name what sits there on the real chip (Ethernet, router-only, PCIe, ARC tile): the hardware
  // would not reach a worker's L1 or a DRAM bank there either.
  std::string what;
  for (const auto& [kind, tiles] : dev_.spec().desc->other_tiles) {
    for (const auto& c : tiles) {
      if (c.x == x && c.y == y) {
        what = " (on the chip: a" + std::string(kind == "ethernet" || kind == "arc" ? "n " : " ") +
               kind + " tile)";
      }
    }
  }
  fail(t, call,
       "NoC address " + hex(noc_addr) + " names (" + std::to_string(x) + "," + std::to_string(y) +
           "), which is neither a worker core nor a DRAM endpoint of " + dev_.spec().name() + what);
}

void Engine::check_local_l1(uint32_t addr, uint32_t size, const char* call) {
  if (addr < L1Layout::kFirmwareEnd || uint64_t(addr) + size > dev_.spec().desc->l1_size) {
    fail(task(), call,
         "local L1 range [" + hex(addr) + ", " + hex(uint64_t(addr) + size) +
             ") is outside usable L1 [" + hex(L1Layout::kFirmwareEnd) + ", " +
             hex(dev_.spec().desc->l1_size) + ")");
  }
}

std::vector<uint32_t> Engine::mcast_cores(uint64_t a, const char* call) {
  uint32_t xe = (a >> 36) & 63, ye = (a >> 42) & 63, xs = (a >> 48) & 63, ys = (a >> 54) & 63;
  uint32_t x0 = std::min(xs, xe), x1 = std::max(xs, xe), y0 = std::min(ys, ye),
           y1 = std::max(ys, ye);
  std::vector<uint32_t> out;
  uint32_t base = dev_.core_base(dev_.chip_of(task().core));
  for (uint32_t y = y0; y <= y1; ++y) {
    for (uint32_t x = x0; x <= x1; ++x) {
      int c = dev_.core_of_physical(x, y);
      if (c >= 0) {
        out.push_back(base + static_cast<uint32_t>(c));
      }
    }
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) {
    fail(task(), call,
         "multicast rectangle (" + std::to_string(x0) + "," + std::to_string(y0) + ")-(" +
             std::to_string(x1) + "," + std::to_string(y1) + ") holds no worker core");
  }
  return out;
}

// ---- ComputeContext
// ------------------------------------------------------------------------------

static CbState& checked_cb(Task& t, uint32_t cb, const char* call) {
  auto& cbs = t.engine->core(t.core).cbs;
  if (cb >= cbs.size() || !cbs[cb].configured) {
    t.fail(call, "circular buffer " + std::to_string(cb) + " is not configured on this core");
  }
  return cbs[cb];
}

const uint8_t* Task::front_tile(uint32_t cb, uint32_t index, const char* call) {
  CbState& s = checked_cb(*this, cb, call);
  if (index >= s.waited && s.aliased) {
    lenient(*engine, *this, call,
            "reads tile " + std::to_string(index) + " of CB " + std::to_string(cb) +
                " (aliasing an L1 buffer) without a cb_wait_front for it");
  } else if (index >= s.waited) {
    fail(call, "reads tile " + std::to_string(index) + " of CB " + std::to_string(cb) +
                   " but only " + std::to_string(s.waited) +
                   " pages were waited for (cb_wait_front counts are cumulative)");
  }
  uint64_t addr = s.rd_ptr + uint64_t(index) * s.page_size;
  if (addr + s.page_size > s.base + s.size) {
    fail(call, "tile " + std::to_string(index) + " of CB " + std::to_string(cb) +
                   " lies past the end of the CB (the read pointer does not wrap inside an op)");
  }
  return engine->l1(core, static_cast<uint32_t>(addr));
}

uint8_t* Task::back_tile(uint32_t cb, uint32_t index, const char* call) {
  CbState& s = checked_cb(*this, cb, call);
  if (index >= s.reserved) {
    // The packer writes at the write pointer whether or not the space was reserved.
    lenient(*engine, *this, call,
            "writes tile " + std::to_string(index) + " of CB " + std::to_string(cb) + " but only " +
                std::to_string(s.reserved) + " pages are reserved");
  }
  uint64_t addr = s.wr_ptr + uint64_t(index) * s.page_size;
  if (addr + s.page_size > s.base + s.size) {
    fail(call, "tile " + std::to_string(index) + " of CB " + std::to_string(cb) +
                   " lies past the end of the CB");
  }
  return engine->l1(core, static_cast<uint32_t>(addr));
}

tt::DataFormat Task::cb_format(uint32_t cb) { return checked_cb(*this, cb, "cb_format").format; }

float* Task::dst_tile(uint32_t idst, bool for_pack, const char* call) {
  if (risc != 2) {
    fail(call, "DST is only available to compute kernels");
  }
  if (dst_state == DstState::Free) {
    fail(call, "DST is not acquired (call tile_regs_acquire first)");
  }
  if (for_pack && dst_state != DstState::Waited && dst_state != DstState::Legacy) {
    fail(call, "packs from DST before tile_regs_commit/tile_regs_wait");
  }
  if (!for_pack && dst_state != DstState::Acquired && dst_state != DstState::Legacy) {
    fail(call, "writes DST after tile_regs_commit (math must run between acquire and commit)");
  }
  if (idst >= dst_capacity) {
    fail(call, "DST overflow: tile index " + std::to_string(idst) + " but DST holds " +
                   std::to_string(dst_capacity) + " tiles (" +
                   (math.fp32_dest_acc ? "fp32" : "16-bit") + ", " +
                   (kernel->compute.dst_full_sync ? "full-sync" : "half-sync") + ")");
  }
  return dst.data() + size_t(idst) * 1024;
}

ComputeContext& current_compute() {
  Engine* e = Engine::current();
  if (!e) {
    throw SimulatorError("ttsim: compute API called outside a running kernel");
  }
  Task& t = e->task();
  if (t.risc != 2) {
    t.fail("compute API", "called from a data-movement kernel");
  }
  return t;
}

}  // namespace ttsim
