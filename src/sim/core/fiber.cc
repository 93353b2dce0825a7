// Fiber implementation. On x86-64 a switch is a few instructions of assembly that save the
// callee-saved registers and swap stack pointers: glibc's swapcontext also saves the signal mask
// with a sigprocmask system call on every switch, which dominated timing-only runs. Elsewhere the
// same protocol runs on ucontext. Exceptions are caught on the fiber's own stack (nothing unwinds
// past the entry frame) and handed back. Under AddressSanitizer every switch is announced, so
// ASan tracks which stack is live (exceptions thrown on a fiber, fake stacks).
#include "sim/core/fiber.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define TTSIM_ASAN_FIBERS 1
#endif

#if !defined(__x86_64__)
#include <ucontext.h>
#endif

namespace ttsim {
namespace {
thread_local Fiber* g_current = nullptr;

#if defined(__x86_64__)
// void ttsim_fiber_switch(void** save, void* to): pushes the SysV callee-saved registers and the
// SSE/x87 control words, stores the stack pointer in *save, loads `to` and pops the same frame.
// A new fiber's stack is laid out as such a frame whose return address is ttsim_fiber_start.
extern "C" void ttsim_fiber_switch(void** save, void* to);
extern "C" void ttsim_fiber_start();
asm(R"(
  .text
  .p2align 4
  .globl ttsim_fiber_switch
  .hidden ttsim_fiber_switch
  .type ttsim_fiber_switch,@function
ttsim_fiber_switch:
  .cfi_startproc
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr (%rsp)
  fldcw 4(%rsp)
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .cfi_endproc
  .size ttsim_fiber_switch, .-ttsim_fiber_switch

  .p2align 4
  .globl ttsim_fiber_start
  .hidden ttsim_fiber_start
  .type ttsim_fiber_start,@function
ttsim_fiber_start:
  .cfi_startproc
  .cfi_undefined rip
  movq %r12, %rdi
  callq *%r13
  ud2
  .cfi_endproc
  .size ttsim_fiber_start, .-ttsim_fiber_start
)");
#else
struct UContexts {
  ucontext_t fiber, caller;
};
#endif

void start_switch(void** fake_save, const void* bottom, size_t size) {
#ifdef TTSIM_ASAN_FIBERS
  __sanitizer_start_switch_fiber(fake_save, bottom, size);
#endif
}
void finish_switch(void* fake_save, const void** bottom_old, size_t* size_old) {
#ifdef TTSIM_ASAN_FIBERS
  __sanitizer_finish_switch_fiber(fake_save, bottom_old, size_old);
#endif
}
// ASan's shadow of a fiber stack keeps the redzones of frames that were live when the fiber was
// abandoned (a deadlocked or failed program); a later mapping at the same address must not
// inherit them.
void unpoison(void* mem, size_t bytes) {
#ifdef TTSIM_ASAN_FIBERS
  __asan_unpoison_memory_region(mem, bytes);
#endif
}
}  // namespace

size_t Fiber::default_stack_bytes() {
#ifdef TTSIM_ASAN_FIBERS
  return 1024 * 1024;  // ASan's redzones make frames several times larger
#else
  return 256 * 1024;
#endif
}

Fiber::Fiber(std::function<void()> body, size_t stack_bytes) : body_(std::move(body)) {
  page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t size = (stack_bytes + page_ - 1) / page_ * page_;
  mapped_ = size + page_;
#if !defined(__x86_64__)
  mapped_ += (sizeof(UContexts) + page_ - 1) / page_ * page_;
#endif
  void* mem = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    throw std::runtime_error("ttsim: cannot map a fiber stack");
  }
  unpoison(mem, mapped_);
  mprotect(mem, page_, PROT_NONE);  // guard page below the stack: overflow faults, not corrupts
  stack_ = mem;
  char* top = static_cast<char*>(mem) + page_ + size;
#if defined(__x86_64__)
  // The frame ttsim_fiber_switch pops: control words, r15, r14, r13 (entry), r12 (this), rbx,
  // rbp, return address. After the `ret`, rsp is 16-byte aligned, as a call site needs.
  auto* frame = reinterpret_cast<uint64_t*>(top) - 8;
  frame[0] = 0x1F80 | (uint64_t{0x037F} << 32);  // default MXCSR, x87 control word
  frame[1] = 0;                                  // r15
  frame[2] = 0;                                  // r14
  frame[3] = reinterpret_cast<uint64_t>(&Fiber::entry);
  frame[4] = reinterpret_cast<uint64_t>(this);
  frame[5] = 0;  // rbx
  frame[6] = 0;  // rbp
  frame[7] = reinterpret_cast<uint64_t>(&ttsim_fiber_start);
  sp_ = frame;
#else
  auto* uc = new (top) UContexts;
  getcontext(&uc->fiber);
  uc->fiber.uc_stack.ss_sp = static_cast<char*>(mem) + page_;
  uc->fiber.uc_stack.ss_size = size;
  uc->fiber.uc_link = nullptr;
  auto p = reinterpret_cast<uintptr_t>(this);
  makecontext(&uc->fiber, reinterpret_cast<void (*)()>(+[](unsigned lo, unsigned hi) {
    entry(
        reinterpret_cast<Fiber*>(static_cast<uintptr_t>(lo) | (static_cast<uintptr_t>(hi) << 32)));
  }),
              2, static_cast<unsigned>(p & 0xffffffffu), static_cast<unsigned>(p >> 32));
  sp_ = uc;
#endif
}

Fiber::~Fiber() {
  if (stack_) {
    unpoison(stack_, mapped_);
    munmap(stack_, mapped_);
  }
}

void Fiber::entry(Fiber* self) {
  // First arrival on this stack: learn the resumer's stack from ASan.
  finish_switch(nullptr, &self->caller_bottom_, &self->caller_size_);
  try {
    self->body_();
  } catch (...) {
    self->error_ = std::current_exception();
  }
  self->finished_ = true;
  self->switch_to_caller(/*final=*/true);
  std::abort();  // a finished fiber is never resumed
}

void Fiber::switch_to_fiber() {
  start_switch(&fake_caller_, static_cast<char*>(stack_) + page_, mapped_ - page_);
#if defined(__x86_64__)
  ttsim_fiber_switch(&caller_sp_, sp_);
#else
  auto* uc = static_cast<UContexts*>(sp_);
  swapcontext(&uc->caller, &uc->fiber);
#endif
  finish_switch(fake_caller_, nullptr, nullptr);
}

void Fiber::switch_to_caller(bool final) {
  // A fiber that ends hands over no fake stack, so ASan releases it.
  start_switch(final ? nullptr : &fake_fiber_, caller_bottom_, caller_size_);
#if defined(__x86_64__)
  ttsim_fiber_switch(&sp_, caller_sp_);
#else
  auto* uc = static_cast<UContexts*>(sp_);
  swapcontext(&uc->fiber, &uc->caller);
#endif
  finish_switch(fake_fiber_, &caller_bottom_, &caller_size_);
}

void Fiber::resume() {
  if (finished_) {
    return;
  }
  Fiber* prev = g_current;
  g_current = this;
  switch_to_fiber();
  g_current = prev;
}

void Fiber::yield() {
  Fiber* self = g_current;
  if (!self) {
    return;
  }
  g_current = nullptr;
  self->switch_to_caller(/*final=*/false);
  g_current = self;
}

Fiber* Fiber::current() { return g_current; }

void Fiber::abandon(std::exception_ptr error) {
  Fiber* self = g_current;
  if (!self) {
    std::abort();  // callers check Fiber::current() first
  }
  self->error_ = std::move(error);
  self->finished_ = true;
  g_current = nullptr;
  self->switch_to_caller(/*final=*/true);
  std::abort();  // a finished fiber is never resumed
}

}  // namespace ttsim
