// Device memory: memfd-backed L1 with the fixed window, NORESERVE DRAM banks, allocators.
#include "sim/core/device.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "sim/core/engine.h"
#include "sim/core/fiber.h"
#include "ttsim/error.hpp"

namespace ttsim {

using tt::tt_metal::SimulatorError;

namespace {
Device* g_window_owner = nullptr;  // the device whose L1 occupies the window

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
}  // namespace

Device::Device(Arch arch, uint32_t rows, uint32_t cols)
    : spec_(arch_spec(arch)), rows_(rows), cols_(cols), chips_(rows * cols) {
  if (chips_ == 0) {
    throw SimulatorError("ttsim: a mesh needs at least one device");
  }
  long page = sysconf(_SC_PAGESIZE);
  if (spec_.desc->l1_size % page != 0 || L1Layout::kFirmwareEnd % page != 0) {
    throw SimulatorError("ttsim: L1 size is not a multiple of the host page size");
  }
  if (spec_.desc->l1_reserved < L1Layout::kConfigEnd) {
    throw SimulatorError("ttsim: the " + spec_.name() + " description reserves " +
                         std::to_string(spec_.desc->l1_reserved) + " bytes of L1, below the " +
                         std::to_string(L1Layout::kConfigEnd) +
                         " the firmware, runtime args and semaphores need");
  }
  std::ifstream min_addr("/proc/sys/vm/mmap_min_addr");
  uint64_t mmap_min = 0;
  if (min_addr >> mmap_min && mmap_min > L1Layout::kFirmwareEnd) {
    throw SimulatorError(
        "ttsim: vm.mmap_min_addr is " + std::to_string(mmap_min) +
        ", above the simulator's 64 KiB firmware region; the L1 window cannot be mapped (run "
        "`sysctl vm.mmap_min_addr=65536`)");
  }
  memfd_ = memfd_create("ttsim-l1", MFD_CLOEXEC);
  if (memfd_ < 0) {
    throw SimulatorError("ttsim: memfd_create failed");
  }
  l1_total_ = static_cast<size_t>(spec_.desc->l1_size) * num_cores();
  if (ftruncate(memfd_, static_cast<off_t>(l1_total_)) != 0) {
    throw SimulatorError("ttsim: cannot size the L1 memfd");
  }
  void* base = mmap(nullptr, l1_total_, PROT_READ | PROT_WRITE, MAP_SHARED, memfd_, 0);
  if (base == MAP_FAILED) {
    throw SimulatorError("ttsim: cannot map L1");
  }
  l1_base_ = static_cast<uint8_t*>(base);
  uint32_t banks = chips_ * spec_.num_dram_banks();
  dram_ = new uint8_t*[banks];
  for (uint32_t b = 0; b < banks; ++b) {
    void* m = mmap(nullptr, spec_.desc->dram_bank_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) {
      throw SimulatorError("ttsim: cannot reserve DRAM bank memory");
    }
    dram_[b] = static_cast<uint8_t*>(m);
  }
}

Device::~Device() {
  unmap_window();
  for (uint32_t b = 0; b < chips_ * spec_.num_dram_banks(); ++b) {
    munmap(dram_[b], spec_.desc->dram_bank_size);
  }
  delete[] dram_;
  munmap(l1_base_, l1_total_);
  close(memfd_);
}

int Device::core_of_physical(uint32_t x, uint32_t y) const {
  int lx = -1, ly = -1;
  for (uint32_t i = 0; i < spec_.desc->worker_x.size(); ++i) {
    if (spec_.desc->worker_x[i] == x) {
      lx = static_cast<int>(i);
    }
  }
  for (uint32_t i = 0; i < spec_.desc->worker_y.size(); ++i) {
    if (spec_.desc->worker_y[i] == y) {
      ly = static_cast<int>(i);
    }
  }
  if (lx < 0 || ly < 0) {
    return -1;
  }
  return static_cast<int>(core_index(lx, ly));
}

int Device::dram_bank_of(uint32_t x, uint32_t y, uint64_t off, uint64_t* bank_off) const {
  for (uint32_t c = 0; c < spec_.desc->dram_channel_endpoints.size(); ++c) {
    for (const XY& e : spec_.desc->dram_channel_endpoints[c]) {
      if (e.x == x && e.y == y) {
        uint64_t view = spec_.desc->dram_views > 1 ? off / spec_.desc->dram_view_offset : 0;
        if (view >= spec_.desc->dram_views) {
          return -1;
        }
        *bank_off = off - view * spec_.desc->dram_view_offset;
        return static_cast<int>(c * spec_.desc->dram_views + view);
      }
    }
  }
  return -1;
}

// The window is mapped lazily: switching cores only records the core (and, if a kernel touched
// the window since the last switch, replaces it with an inaccessible placeholder). The first
// access faults, and the SIGSEGV handler maps the running core's L1 there. Most kernels never
// dereference L1 directly, so most switches cost no system call.
namespace {
struct sigaction g_prev_segv;
bool g_handler_installed = false;

// The error for a fault at `a` in the running kernel (null when no kernel runs on a fiber). Built
// here so no object of the handler's frame, which is abandoned, owns memory.
std::exception_ptr kernel_fault(uintptr_t a) {
  std::string who = Engine::running_kernel();
  if (who.empty() || !Fiber::current()) {
    return nullptr;
  }
  char msg[160];
  std::snprintf(msg, sizeof msg,
                ": invalid memory access at address 0x%llx (kernels may dereference only their "
                "own core's L1, addresses below 0x%x)",
                static_cast<unsigned long long>(a),
                static_cast<unsigned>(g_window_owner ? g_window_owner->l1_size() : 0));
  return std::make_exception_ptr(SimulatorError(who + msg));
}

void on_segv(int sig, siginfo_t* info, void* uctx) {
  uintptr_t a = reinterpret_cast<uintptr_t>(info->si_addr);
  if (g_window_owner && g_window_owner->window_fault(a)) {
    return;
  }
  // A kernel dereferenced a pointer outside its L1 window: the run ends with a SimulatorError
  // naming kernel, core and address, like every other misuse, instead of a bare crash. The
  // fault is in the kernel's own code, so leaving its frames behind is safe.
  if (std::exception_ptr err = kernel_fault(a)) {
    Fiber::abandon(std::move(err));
  }
  // Not ours: hand over to the previous handler (or die with the default action).
  if (g_prev_segv.sa_flags & SA_SIGINFO) {
    if (g_prev_segv.sa_sigaction) {
      g_prev_segv.sa_sigaction(sig, info, uctx);
      return;
    }
  } else if (g_prev_segv.sa_handler != SIG_DFL && g_prev_segv.sa_handler != SIG_IGN) {
    g_prev_segv.sa_handler(sig);
    return;
  }
  signal(SIGSEGV, SIG_DFL);
  raise(SIGSEGV);
}

void install_handler() {
  if (g_handler_installed) {
    return;
  }
  struct sigaction sa {};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &g_prev_segv);
  g_handler_installed = true;
}
}  // namespace

void Device::reserve_window() {
  const uint32_t lo = L1Layout::kFirmwareEnd;
  void* want = reinterpret_cast<void*>(static_cast<uintptr_t>(lo));
  size_t len = spec_.desc->l1_size - lo;
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
              (g_window_owner == this ? MAP_FIXED : MAP_FIXED_NOREPLACE);
  void* got = mmap(want, len, PROT_NONE, flags, -1, 0);
  if (got == MAP_FAILED || got != want) {
    int err = errno;
    if (got != MAP_FAILED) {
      munmap(got, len);
    }
    char msg[256];
    std::snprintf(msg, sizeof msg,
                  "ttsim: cannot map the L1 window at [0x%x, 0x%x) in this process (%s); "
                  "device L1 addresses must be free host addresses",
                  lo, spec_.desc->l1_size, std::strerror(err));
    throw SimulatorError(msg);
  }
  g_window_owner = this;
  window_mapped_ = false;
}

void Device::map_window(uint32_t core) {
  if (g_window_owner != this) {
    if (g_window_owner != nullptr) {
      g_window_owner->unmap_window();
    }
    install_handler();
    reserve_window();
  }
  if (window_mapped_ && window_core_ != static_cast<int>(core)) {
    reserve_window();
  }
  window_core_ = static_cast<int>(core);
}

bool Device::window_fault(uintptr_t addr) {
  const uint32_t lo = L1Layout::kFirmwareEnd;
  if (addr < lo || addr >= spec_.desc->l1_size || window_mapped_ || window_core_ < 0) {
    return false;
  }
  void* want = reinterpret_cast<void*>(static_cast<uintptr_t>(lo));
  off_t off = static_cast<off_t>(static_cast<size_t>(window_core_) * spec_.desc->l1_size + lo);
  void* got = mmap(want, spec_.desc->l1_size - lo, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                   memfd_, off);
  if (got != want) {
    return false;
  }
  window_mapped_ = true;
  return true;
}

void Device::unmap_window() {
  if (g_window_owner != this) {
    return;
  }
  munmap(reinterpret_cast<void*>(static_cast<uintptr_t>(L1Layout::kFirmwareEnd)),
         spec_.desc->l1_size - L1Layout::kFirmwareEnd);
  g_window_owner = nullptr;
  window_core_ = -1;
  window_mapped_ = false;
}

uint64_t Device::alloc_dram(uint64_t size) {
  size = align_up(size == 0 ? 1 : size, spec_.desc->dram_alignment);
  uint64_t cursor = 1 << 20;  // keep the low MiB of every bank unused (address 0 reads as null)
  for (auto& [addr, sz] : dram_allocs_) {
    if (addr >= cursor + size) {
      break;
    }
    cursor = std::max(cursor, align_up(addr + sz, spec_.desc->dram_alignment));
  }
  if (cursor + size > spec_.desc->dram_bank_size) {
    return 0;
  }
  dram_allocs_[cursor] = size;
  return cursor;
}

void Device::free_dram(uint64_t addr) { dram_allocs_.erase(addr); }

uint32_t Device::alloc_l1(uint32_t size) {
  size = static_cast<uint32_t>(align_up(size == 0 ? 1 : size, spec_.desc->l1_alignment));
  uint64_t top = spec_.desc->l1_size;
  for (auto it = l1_allocs_.rbegin(); it != l1_allocs_.rend(); ++it) {
    uint64_t end = it->first + it->second;
    if (end + size <= top) {
      break;
    }
    top = it->first;
  }
  if (top < size || top - size < spec_.desc->l1_reserved) {
    return 0;
  }
  uint32_t addr =
      static_cast<uint32_t>((top - size) / spec_.desc->l1_alignment * spec_.desc->l1_alignment);
  l1_allocs_[addr] = size;
  return addr;
}

void Device::free_l1(uint32_t addr) { l1_allocs_.erase(addr); }

bool Device::dram_allocated(uint64_t off, uint64_t size) const {
  auto it = dram_allocs_.upper_bound(off);
  if (it == dram_allocs_.begin()) {
    return false;
  }
  --it;
  return off >= it->first && off + size <= it->first + it->second;
}

uint32_t Device::l1_buffer_floor() const {
  return l1_allocs_.empty() ? spec_.desc->l1_size : l1_allocs_.begin()->first;
}

std::string Device::describe_dram_allocations() const {
  std::string s;
  for (auto& [addr, sz] : dram_allocs_) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s[0x%llx, 0x%llx)", s.empty() ? "" : ", ",
                  static_cast<unsigned long long>(addr),
                  static_cast<unsigned long long>(addr + sz));
    s += buf;
  }
  return s.empty() ? "none" : s;
}

}  // namespace ttsim
