// Fiber implementation: swapcontext between the scheduler and kernel stacks. Exceptions are
// caught on the fiber's own stack (they cannot unwind through makecontext) and handed back.
#include "sim/core/fiber.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ttsim {
namespace {
thread_local Fiber* g_current = nullptr;
}

size_t Fiber::default_stack_bytes() {
  if (const char* kb = std::getenv("TTSIM_STACK_KB")) {
    long v = std::strtol(kb, nullptr, 10);
    if (v >= 64) return static_cast<size_t>(v) * 1024;
  }
  return 256 * 1024;
}

Fiber::Fiber(std::function<void()> body, size_t stack_bytes) : body_(std::move(body)) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t size = (stack_bytes + page - 1) / page * page;
  mapped_ = size + page;
  void* mem = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) throw std::runtime_error("ttsim: cannot map a fiber stack");
  mprotect(mem, page, PROT_NONE);  // guard page below the stack: overflow faults, not corrupts
  stack_ = mem;
  getcontext(&ctx_);
  ctx_.uc_stack.ss_sp = static_cast<char*>(mem) + page;
  ctx_.uc_stack.ss_size = size;
  ctx_.uc_link = nullptr;
  auto p = reinterpret_cast<uintptr_t>(this);
  makecontext(&ctx_, reinterpret_cast<void (*)()>(&Fiber::trampoline), 2,
              static_cast<unsigned>(p & 0xffffffffu), static_cast<unsigned>(p >> 32));
}

Fiber::~Fiber() {
  if (stack_) munmap(stack_, mapped_);
}

void Fiber::trampoline(unsigned lo, unsigned hi) {
  auto* self =
      reinterpret_cast<Fiber*>(static_cast<uintptr_t>(lo) | (static_cast<uintptr_t>(hi) << 32));
  try {
    self->body_();
  } catch (...) {
    self->error_ = std::current_exception();
  }
  self->finished_ = true;
  g_current = nullptr;
  setcontext(&self->caller_);
}

void Fiber::resume() {
  if (finished_) return;
  Fiber* prev = g_current;
  g_current = this;
  started_ = true;
  swapcontext(&caller_, &ctx_);
  g_current = prev;
}

void Fiber::yield() {
  Fiber* self = g_current;
  if (!self) return;
  g_current = nullptr;
  swapcontext(&self->ctx_, &self->caller_);
  g_current = self;
}

Fiber* Fiber::current() { return g_current; }

}  // namespace ttsim
