// The per-run watchdog (watchdog.h). Nothing here is process-wide but the SIGURG disposition,
// which the kernel keeps per process: every watchdog installs the same handler, and the handler
// finds the run it interrupts through a thread-local pointer the watchdog of that thread sets.
#include "sim/core/watchdog.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>

#include "sim/core/fiber.h"
#include "ttsim/error.hpp"

namespace ttsim {
namespace {
// The watch of the run on this thread (set while its Watchdog lives).
thread_local WatchState* t_watched = nullptr;

void on_watchdog_signal(int) {
  WatchState* s = t_watched;
  // Only the kernel the watchdog saw is ended: if it made progress meanwhile, or no kernel runs
  // on a fiber now, the signal is ignored.
  if (s && Fiber::current() && s->running.load() != nullptr &&
      s->progress.load() == s->stuck_at.load()) {
    // A named local, not a temporary: this frame is abandoned, and a moved-from pointer owns
    // nothing that would leak.
    std::exception_ptr err = std::make_exception_ptr(tt::tt_metal::SimulatorError(s->message));
    Fiber::abandon(std::move(err));
  }
}
}  // namespace

Watchdog::Watchdog(WatchState& state, long seconds,
                   std::function<std::string(const void*)> describe)
    : state_(state), seconds_(seconds), describe_(std::move(describe)), target_(pthread_self()) {
  if (seconds_ <= 0) {
    return;
  }
  struct sigaction sa {};
  sa.sa_handler = on_watchdog_signal;
  sa.sa_flags = SA_NODEFER;  // the handler never returns: the signal must not stay blocked
  sigemptyset(&sa.sa_mask);
  sigaction(SIGURG, &sa, nullptr);
  t_watched = &state_;
  thread_ = std::thread([this] { loop(); });
}

Watchdog::~Watchdog() {
  if (!thread_.joinable()) {
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  t_watched = nullptr;
}

// Checks the run once a second; `still` counts the seconds it went without progress. Past one
// period the run's thread is interrupted; if that does not free it within another period (the
// kernel blocks the signal, or is stuck outside its fiber), the process ends with status 1.
void Watchdog::loop() {
  uint64_t last = state_.progress.load();
  long still = 0;
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
    uint64_t now = state_.progress.load();
    const void* running = state_.running.load();
    if (now != last || running == nullptr) {
      last = now;
      still = 0;
      continue;
    }
    ++still;
    if (still == seconds_) {
      std::snprintf(state_.message, sizeof state_.message,
                    "%s made no kernel API call for %ld s (spinning on L1 memory? use "
                    "noc_semaphore_wait or CB calls to wait)",
                    describe_(running).c_str(), seconds_);
      state_.stuck_at.store(now);
      pthread_kill(target_, SIGURG);
    } else if (still == 2 * seconds_) {
      std::fprintf(stderr, "error: %s\n", state_.message);
      std::fflush(stderr);
      _exit(1);
    }
  }
}

}  // namespace ttsim
