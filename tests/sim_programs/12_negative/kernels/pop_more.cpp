// Negative case "cb_pop_more_than_waited": pushes two pages, waits for one, pops two.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  constexpr uint32_t cb = tt::CBIndex::c_0;
  cb_reserve_back(cb, 2);
  cb_push_back(cb, 2);
  cb_wait_front(cb, 1);
  cb_pop_front(cb, 2);
}
