// Test kernel in the era-A form (namespace NAMESPACE / MAIN): prints through DPRINT and checks
// compile-time args are constant expressions.
#include <stdint.h>

#include "dataflow_api.h"
#include "debug/dprint.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t a = get_compile_time_arg_val(0);
  constexpr uint32_t b = get_compile_time_arg_val(1);
  static_assert(a + b == 42, "compile-time args must be constant expressions");
  constexpr uint32_t n = get_named_compile_time_arg_val("answer");
  DPRINT << "hello from " << (uint32_t)my_x[0] << "," << (uint32_t)my_y[0] << " a=" << a
         << " n=" << n << " arg=" << get_arg_val<uint32_t>(0) << ENDL();
}
}  // namespace NAMESPACE
