// Included by the JIT wrapper after the kernel file: the one exported entry point.
#pragma once

extern "C" __attribute__((visibility("default"))) void ttsim_kernel_entry() {
  if (&::kernel_main != nullptr) {
    ::kernel_main();
  } else if (&::ttsim_kernel_ns::ttsim_kernel_main != nullptr) {
    ::ttsim_kernel_ns::ttsim_kernel_main();
  } else {
    ttsim_kernel_error("kernel",
                       "defines neither kernel_main() nor namespace NAMESPACE { void MAIN }");
  }
}
