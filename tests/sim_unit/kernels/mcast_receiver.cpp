// Test kernel (receiver): signals readiness to the sender, waits for the flag, then copies the
// received page to DRAM page `out_page` and reports its own value of a per-core global counter.
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

static uint32_t g_runs = 0;  // must be 1 on every core: each core has its own kernel globals

void kernel_main() {
  uint32_t sender_x = get_arg_val<uint32_t>(0), sender_y = get_arg_val<uint32_t>(1);
  uint32_t dst = get_arg_val<uint32_t>(2), out_page = get_arg_val<uint32_t>(3);
  uint32_t ready_sem = get_semaphore(get_compile_time_arg_val(0));
  uint32_t flag_sem = get_semaphore(get_compile_time_arg_val(1));
  ++g_runs;
  constexpr uint32_t cb = 0;
  cb_reserve_back(cb, 1);
  volatile tt_l1_ptr uint32_t* flag = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(flag_sem);
  noc_semaphore_set(flag, INVALID);
  noc_semaphore_inc(get_noc_addr(sender_x, sender_y, ready_sem), 1);
  noc_semaphore_wait(flag, VALID);
  noc_async_atomic_barrier();
  uint32_t l1 = get_write_ptr(cb);
  volatile tt_l1_ptr uint32_t* data = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(l1);
  data[511] = g_runs * 7 + my_x[noc_index] * 100 + my_y[noc_index];
  const InterleavedAddrGen<true> out{dst, 2048};
  noc_async_write(l1, get_noc_addr(out_page, out), 2048);
  noc_async_write_barrier();
  cb_push_back(cb, 1);
}
