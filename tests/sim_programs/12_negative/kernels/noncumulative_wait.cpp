// Negative case "cb_noncumulative_wait": two waits without a pop in between ask for the same page
// count (waits are cumulative: the second should ask for 2 to reach the next page).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  constexpr uint32_t cb = tt::CBIndex::c_0;
  cb_reserve_back(cb, 2);
  cb_push_back(cb, 2);
  cb_wait_front(cb, 1);
  cb_wait_front(cb, 1);
  cb_pop_front(cb, 1);
}
