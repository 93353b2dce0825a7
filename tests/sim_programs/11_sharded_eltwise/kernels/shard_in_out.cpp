// Data-movement kernel of the height-sharded add: the input shards already sit in this core's L1
// under c_0 / c_1 (CBs aliased onto the sharded buffers), so it only publishes them, then waits
// until the compute kernel has packed every output tile into the aliased c_16.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t tiles = get_arg_val<uint32_t>(0);
  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  cb_reserve_back(cb_a, tiles);
  cb_push_back(cb_a, tiles);
  cb_reserve_back(cb_b, tiles);
  cb_push_back(cb_b, tiles);
  cb_wait_front(cb_out, tiles);
}
