// A run's watchdog: a helper thread, started and joined by Engine::run, that notices when the
// kernel on the run's fiber makes no kernel API call for the run's TTSIM_WATCHDOG_SECONDS (a
// kernel spinning on L1 never yields to the scheduler) and interrupts the run's thread with
// SIGURG, whose handler ends that kernel's fiber with a SimulatorError.
// Everything it counts lives and dies with the run: an earlier process-wide helper kept its
// "seconds without progress" per run keyed by the Engine's address, which the next run's Engine
// reuses (same stack slot), so a run after a stopped one inherited a count already past its own
// period and was never stopped (the hang of Errors.SpinningKernelIsStoppedByTheWatchdog).
#pragma once
#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ttsim {

// What the run's thread reports and the watchdog reads: API calls made (progress), the task on
// the fiber now (opaque here) and, once the watchdog gave up on it, the progress it saw and the
// message the fiber ends with.
struct WatchState {
  std::atomic<uint64_t> progress{0};
  std::atomic<const void*> running{nullptr};
  std::atomic<uint64_t> stuck_at{UINT64_MAX};
  char message[512] = {};
};

class Watchdog {
 public:
  // Watches `state` for `seconds` without progress (no thread when seconds <= 0), interrupting
  // the calling thread; `describe` names the stuck task ("kernel ... on core (x,y) ...").
  Watchdog(WatchState& state, long seconds, std::function<std::string(const void*)> describe);
  // Stops and joins the helper at once (it waits on a condition variable, not a sleep).
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void loop();

  WatchState& state_;
  long seconds_;
  std::function<std::string(const void*)> describe_;
  pthread_t target_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ttsim
