// Test kernel (sender, core (0,0)): waits until every receiver has signalled readiness, then
// multicasts its CB 0 page to all receivers and sets their flag semaphore with a multicast.
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t x0 = get_arg_val<uint32_t>(0), y0 = get_arg_val<uint32_t>(1);
  uint32_t x1 = get_arg_val<uint32_t>(2), y1 = get_arg_val<uint32_t>(3);
  uint32_t num_dests = get_arg_val<uint32_t>(4);
  uint32_t ready_sem = get_semaphore(get_compile_time_arg_val(0));
  uint32_t flag_sem = get_semaphore(get_compile_time_arg_val(1));
  constexpr uint32_t cb = 0;
  cb_reserve_back(cb, 1);
  uint32_t l1 = get_write_ptr(cb);
  volatile tt_l1_ptr uint32_t* data = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(l1);
  for (uint32_t i = 0; i < 512; ++i) {
    data[i] = 1000 + i;
  }
  noc_semaphore_wait(reinterpret_cast<volatile tt_l1_ptr uint32_t*>(ready_sem), num_dests);
  noc_semaphore_set(reinterpret_cast<volatile tt_l1_ptr uint32_t*>(ready_sem), 0);
  noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1), 2048, num_dests);
  noc_async_writes_flushed();
  volatile tt_l1_ptr uint32_t* flag = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(flag_sem);
  *flag = VALID;
  noc_semaphore_set_multicast(flag_sem, get_noc_multicast_addr(x0, y0, x1, y1, flag_sem),
                              num_dests);
  noc_async_write_barrier();
  cb_push_back(cb, 1);
}
