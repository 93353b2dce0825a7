// Compile-time negative case: a host program that creates a global semaphore. Global
// (cross-program) semaphores are not simulated, so CreateGlobalSemaphore must not compile, and
// the message must name the call (common/expect_compile_error.cmake runs the compiler on it).
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

void create(IDevice* device) {
  auto sem = CreateGlobalSemaphore(device, CoreRangeSet(CoreRange({0, 0}, {1, 1})), 0);
  (void)sem;
}
