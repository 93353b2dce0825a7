// Kernel ABI, arguments and core identity: get_arg_val, get_common_arg_val, their L1 addresses,
// checked L1 pointers, my_x/my_y. Cost: ApiCall::Arg (risc.arg_cycles in
// data/devices/<device>.json, priced by CalibratedCostModel::call_cycles); the rest is free.
#include "sim/abi/abi_util.h"

#include <cstring>

using namespace ttsim;
using namespace ttsim::abi;

extern "C" {

uint32_t ttsim_get_arg(int idx) {
  Engine& e = eng();
  Task& t = e.task();
  size_t n = 0;
  if (auto it = t.kernel->runtime_args.find(t.core); it != t.kernel->runtime_args.end()) {
    n = it->second.size();
  }
  if (idx < 0 || static_cast<size_t>(idx) >= n) {
    e.fail(
        t, "get_arg_val",
        "runtime arg " + std::to_string(idx) + " was not set (" + nstr(n) + " set for this core)");
  }
  uint32_t v;
  std::memcpy(&v, e.l1(t.core, L1Layout::kArgsBase + t.risc * L1Layout::kArgsStride + idx * 4), 4);
  e.charge_call(ApiCall::Arg);
  return v;
}

uint32_t ttsim_get_common_arg(int idx) {
  Engine& e = eng();
  Task& t = e.task();
  if (idx < 0 || static_cast<size_t>(idx) >= t.kernel->common_args.size()) {
    e.fail(t, "get_common_arg_val",
           "common runtime arg " + std::to_string(idx) + " was not set (" +
               nstr(t.kernel->common_args.size()) + " set)");
  }
  uint32_t v;
  std::memcpy(
      &v, e.l1(t.core, L1Layout::kCommonArgsBase + t.risc * L1Layout::kArgsStride + idx * 4), 4);
  e.charge_call(ApiCall::Arg);
  return v;
}

uintptr_t ttsim_get_arg_addr(int idx) {
  Task& t = eng().task();
  return L1Layout::kArgsBase + t.risc * L1Layout::kArgsStride + idx * 4;
}

uintptr_t ttsim_get_common_arg_addr(int idx) {
  Task& t = eng().task();
  return L1Layout::kCommonArgsBase + t.risc * L1Layout::kArgsStride + idx * 4;
}

void* ttsim_l1_ptr(uint32_t l1_addr, uint32_t size) {
  Engine& e = eng();
  e.check_local_l1(l1_addr, size, "L1 access");
  return reinterpret_cast<void*>(static_cast<uintptr_t>(l1_addr));
}

uint32_t ttsim_my_x(int noc) {
  Engine& e = eng();
  return e.device().physical_of(e.task().core).x;
}

uint32_t ttsim_my_y(int noc) {
  Engine& e = eng();
  return e.device().physical_of(e.task().core).y;
}

}  // extern "C"
