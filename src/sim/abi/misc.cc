// Kernel ABI, misc: kernel-side errors, DPRINT, the cycle counter, logical coordinates.
// Cost: ApiCall::Dprint (risc.dprint_cycles) per DPRINT; the rest is free.
#include <cstdio>
#include "sim/abi/abi_util.h"

using namespace ttsim;
using namespace ttsim::abi;

extern "C" {

void ttsim_kernel_error(const char* call, const char* message) {
  Engine& e = eng();
  e.fail(e.task(), call, message);
}

void ttsim_dprint(const char* text) { ttsim_dprint_thread(text, -1); }

// Each line starts with "<device>:(x=X,y=Y):<RISC>: " (logical core; BR, NC, TR0/TR1/TR2 or TR
// for a compute kernel's plain DPRINT, which the simulator runs once, not on all three TRISCs),
// as the SDK's DPRINT server prints; TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC=0 turns it off.
// Lines appear in simulated order, as each RISC's kernel reaches them.
void ttsim_dprint_thread(const char* text, int thread) {
  Engine& e = eng();
  Task& t = e.task();
  std::string out;
  if (e.settings().dprint_prefix) {
    XY l = e.device().logical_of(t.core);
    std::string risc = t.risc == 0   ? "BR"
                       : t.risc == 1 ? "NC"
                       : thread >= 0 ? "TR" + std::to_string(thread)
                                     : "TR";
    std::string prefix =
        "0:(x=" + std::to_string(l.x) + ",y=" + std::to_string(l.y) + "):" + risc + ": ";
    bool start = true;
    for (const char* c = text; *c; ++c) {
      if (start) {
        out += prefix;
      }
      out += *c;
      start = *c == '\n';
    }
  } else {
    out = text;
  }
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  e.charge_call(ApiCall::Dprint);
}

uint64_t ttsim_cycle(void) { return eng().task().clock; }

uint32_t ttsim_logical_x(void) {
  Engine& e = eng();
  return e.device().logical_of(e.task().core).x;
}
uint32_t ttsim_logical_y(void) {
  Engine& e = eng();
  return e.device().logical_of(e.task().core).y;
}

}  // extern "C"
