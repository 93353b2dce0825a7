// Compile-time negative case: a kernel that down()s a semaphore through a binding token whose
// access is INCREMENT. Semaphore's mutators check the token's access at compile time, so this
// must not compile, and the message must name the call (common/expect_compile_error.cmake).
#define COMPILE_FOR_BRISC 1
#include "api/dataflow/noc_semaphore.h"

void kernel_main() {
  constexpr SemaphoreBindingToken<0, SemScope::LOCAL_NONATOMIC, SemAccess::INCREMENT> counter{};
  Semaphore sem(counter);
  sem.down(1);
}
