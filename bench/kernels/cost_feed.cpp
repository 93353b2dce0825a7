// Bench compute-cost probe, data movement side (bench/costs.cc): supplies `blocks` blocks of
// n0 pages to c_0 and n1 pages to c_1 without NoC traffic (the pages hold whatever L1 held), and
// drains n16 pages of c_16 per block, so the run measures the compute kernel alone.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t produce = get_arg_val<uint32_t>(0);
  uint32_t blocks = get_arg_val<uint32_t>(1);
  uint32_t n0 = get_arg_val<uint32_t>(2);
  uint32_t n1 = get_arg_val<uint32_t>(3);
  uint32_t n16 = get_arg_val<uint32_t>(4);
  for (uint32_t b = 0; b < blocks; ++b) {
    if (produce) {
      cb_reserve_back(tt::CBIndex::c_0, n0);
      cb_push_back(tt::CBIndex::c_0, n0);
      if (n1) {
        cb_reserve_back(tt::CBIndex::c_1, n1);
        cb_push_back(tt::CBIndex::c_1, n1);
      }
    } else {
      cb_wait_front(tt::CBIndex::c_16, n16);
      cb_pop_front(tt::CBIndex::c_16, n16);
    }
  }
}
