// A ucontext-based fiber with an mmap'ed stack and a guard page: each (core, RISC) kernel runs
// on one, under the simulator's single-threaded scheduler.
#pragma once
#include <ucontext.h>

#include <cstddef>
#include <exception>
#include <functional>

namespace ttsim {

class Fiber {
 public:
  Fiber(std::function<void()> body, size_t stack_bytes);
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // Runs the fiber until it yields or finishes; returns on the caller's stack.
  void resume();
  // Called from inside the running fiber: switches back to whoever resumed it.
  static void yield();
  static Fiber* current();

  bool finished() const { return finished_; }
  // The exception the body ended with, if any (the fiber never resumes after it).
  std::exception_ptr error() const { return error_; }

  static size_t default_stack_bytes();

 private:
  static void trampoline(unsigned lo, unsigned hi);

  std::function<void()> body_;
  ucontext_t ctx_{};
  ucontext_t caller_{};
  void* stack_ = nullptr;
  size_t mapped_ = 0;
  bool finished_ = false;
  bool started_ = false;
  std::exception_ptr error_;
};

}  // namespace ttsim
