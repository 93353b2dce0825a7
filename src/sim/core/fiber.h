// A fiber with an mmap'ed stack and a guard page: each (core, RISC) kernel runs on one, under the
// simulator's single-threaded scheduler. Switches make no system call (see fiber.cc).
#pragma once

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
  // Called from a signal handler that interrupted the running fiber's own code (a kernel's wild
  // pointer, a kernel that spins without calling the API): ends the fiber with `error` and
  // switches back to its resumer, which sees it finished with that error. The interrupted frames
  // are never unwound (their objects leak), so this is only for faults that end the program run.
  [[noreturn]] static void abandon(std::exception_ptr error);

  bool finished() const { return finished_; }
  // The exception the body ended with, if any (the fiber never resumes after it).
  std::exception_ptr error() const { return error_; }

  // The stack size of this build (larger under ASan); Settings::stack_bytes may override it.
  static size_t default_stack_bytes();

 private:
  [[noreturn]] static void entry(Fiber* self);
  // Switches from the running stack (its resume point saved in *from) to `to`.
  void switch_to_fiber();
  void switch_to_caller(bool final);

  std::function<void()> body_;
  void* sp_ = nullptr;         // the fiber's saved stack pointer while it is not running
  void* caller_sp_ = nullptr;  // the resumer's saved stack pointer while the fiber runs
  void* stack_ = nullptr;      // the mapping: guard page, then the usable stack
  size_t mapped_ = 0;
  size_t page_ = 0;
  bool finished_ = false;
  std::exception_ptr error_;
  // AddressSanitizer's view of the stacks (unused in other builds): the resumer's stack bounds
  // and each side's fake stack, handed over at every switch.
  const void* caller_bottom_ = nullptr;
  size_t caller_size_ = 0;
  void* fake_fiber_ = nullptr;
  void* fake_caller_ = nullptr;
};

}  // namespace ttsim
