// The execution engine: runs one program's kernels as fibers under a deterministic scheduler on
// simulated time, with CBs, NoC transfers, semaphores and DST, and the checks behind the
// simulator's error messages. The kernel ABI (src/sim/abi/*.cc) acts on Engine::current().
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "sim/compute/compute_context.h"
#include "sim/core/device.h"
#include "sim/core/fiber.h"
#include "sim/core/program_desc.h"
#include "sim/core/settings.h"
#include "sim/core/watchdog.h"
#include "sim/timing/i_cost_model.h"
#include "sim/timing/recorder.h"

namespace ttsim {

class Engine;

struct CbState {
  bool configured = false;
  uint32_t base = 0, size = 0, page_size = 0, num_pages = 0;
  tt::DataFormat format = tt::DataFormat::Float16_b;
  uint32_t received = 0, acked = 0;  // absolute page counts
  uint32_t wr_ptr = 0, rd_ptr = 0;
  uint32_t reserved = 0, waited = 0;
  uint64_t last_push_time = 0;
  bool aliased = false;  // globally allocated over an L1 buffer: its data is there from the start
};

enum class TaskState { Runnable, Blocked, Done };
enum class DstState { Free, Acquired, Committed, Waited, Legacy };

struct NocCounters {
  uint32_t reads = 0, writes = 0, atomics = 0;
  uint32_t trid_reads[16] = {}, trid_writes[16] = {};
  uint64_t last_depart = 0;
};

// One kernel on one (core, RISC): its place and clock (TimedTask, what the timing layer sees),
// its fiber, wait state, NoC counters and, for the compute kernel, DST and the compute modes.
struct Task final : ComputeContext, timing::TimedTask {
  Engine* engine = nullptr;
  const KernelDesc* kernel = nullptr;
  TaskState state = TaskState::Runnable;
  std::function<bool()> wait_ready;
  std::string wait_call;
  std::function<std::string()> wait_detail;
  std::unique_ptr<Fiber> fiber;
  void* so = nullptr;
  void (*entry)() = nullptr;
  NocCounters noc[2];
  // Compute state.
  DstState dst_state = DstState::Free;
  std::vector<float> dst;
  num::MathConfig math;
  uint32_t dst_capacity = 8;

  const uint8_t* front_tile(uint32_t cb, uint32_t index, const char* call) override;
  uint8_t* back_tile(uint32_t cb, uint32_t index, const char* call) override;
  tt::DataFormat cb_format(uint32_t cb) override;
  float* dst_tile(uint32_t idst, bool for_pack, const char* call) override;
  num::MathConfig& math_config() override { return math; }
  void charge(const char* what, uint64_t cycles) override { clock += cycles; }
  void charge_op(const ComputeOp& op) override;
  bool timing_only() const override;
  [[noreturn]] void fail(const char* call, const std::string& message) override;
};

struct CoreState {
  uint32_t index = 0;
  std::vector<CbState> cbs;
  std::vector<Task*> tasks;
  bool dirty = false;
};

struct EngineSettings {
  uint64_t quantum = 0;  // cycles a fiber may run past the next one before it yields
  uint64_t seed = 0;
};

// One program run: owns its settings (one snapshot of the environment), the cost model, the
// timing recorder (statistics and trace of the run), the state its watchdog watches and the
// kernels' tasks; at the end it adds its statistics and trace to the run log it is given. The
// kernel ABI acts on the engine that is running on its thread (Engine::current()), since C entry
// points carry no context.
class Engine {
 public:
  Engine(Device& dev, ProgramDesc& prog, EngineSettings settings, timing::RunLog& log,
         Settings env = Settings::from_env());
  ~Engine();

  // Compiles, lays out and runs the program to completion; returns the device cycles it took.
  // Throws tt::tt_metal::SimulatorError on any user error.
  uint64_t run();

  // The engine running on this thread (set only while its run() is on the stack), or nullptr.
  static Engine* current();
  // "kernel <file> on core (x,y) [physical (x,y)] <RISC>" of the kernel running now on this
  // thread's engine, or "" (used by the fault handler, which runs on the faulting thread).
  static std::string running_kernel();
  Task& task();  // the running kernel (error when called outside a kernel)
  Device& device() { return dev_; }
  const ICostModel& cost() const { return *cost_; }
  const Settings& settings() const { return env_; }
  timing::Recorder& recorder() { return *recorder_; }
  CoreState& core(uint32_t i) { return cores_[i]; }

  // ---- services for the ABI ----
  [[noreturn]] void fail(Task& t, const char* call, const std::string& message);
  std::string where(const Task& t) const;
  // Blocks the running task until ready() holds; `call` and `detail` describe it for deadlocks.
  void block(const char* call, std::function<bool()> ready, std::function<std::string()> detail);
  void mark_dirty(uint32_t core);
  // Charges the call and lets a fiber that ran ahead yield.
  void step(uint64_t cycles);
  // Charges the RISC-side cost of a kernel API call (ICostModel::call_cycles).
  void charge_call(ApiCall call) { step(cost().call_cycles(dev_.spec(), call)); }
  void post(uint64_t time, std::function<void()> fn);
  uint64_t now() const { return now_; }

  // NoC helpers: resolve a NoC address to host memory, checked (fails the running task).
  struct Target {
    uint8_t* ptr = nullptr;
    XY xy;
    bool dram = false;
    int core = -1;
    int bank = -1;  // DRAM bank when `dram`
  };
  // `chip`: the chip whose endpoint the address names (default: the running task's).
  Target resolve(uint64_t noc_addr, uint32_t size, const char* call, int chip = -1);
  void check_local_l1(uint32_t addr, uint32_t size, const char* call);
  // Worker cores inside a multicast rectangle (normalised), in index order.
  std::vector<uint32_t> mcast_cores(uint64_t mcast_addr, const char* call);

  uint8_t* l1(uint32_t core, uint32_t addr) { return dev_.l1(core) + addr; }

 private:
  void layout();
  void load_kernels();
  void settle();
  Task* pick();
  // Runnable tasks other than the running one, in scheduling order (clock, core, RISC): the next
  // task is the first element and the running task's time limit the first clock, both without a
  // scan over all tasks. A task's clock only changes while it runs or while it is not in the set.
  struct RunnableOrder {
    bool operator()(const Task* a, const Task* b) const {
      if (a->clock != b->clock) {
        return a->clock < b->clock;
      }
      if (a->core != b->core) {
        return a->core < b->core;
      }
      return a->risc < b->risc;
    }
  };
  std::set<Task*, RunnableOrder> runnable_;
  [[noreturn]] void deadlock();
  void cleanup();

  struct Event {
    uint64_t time, seq;
    std::function<void()> fn;
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };

  Device& dev_;
  ProgramDesc& prog_;
  EngineSettings settings_;
  Settings env_;
  std::unique_ptr<ICostModel> cost_;
  std::unique_ptr<timing::Recorder> recorder_;
  std::vector<CoreState> cores_;
  std::vector<std::unique_ptr<Task>> tasks_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  uint64_t seq_ = 0;
  uint64_t now_ = 0;
  uint64_t limit_ = 0;
  bool any_dirty_ = false;
  Task* running_ = nullptr;
  WatchState watch_;  // what this run's watchdog (started by run()) watches
  std::vector<void*> handles_;
  std::vector<int> fds_;
};

const char* risc_name(int risc);

}  // namespace ttsim
