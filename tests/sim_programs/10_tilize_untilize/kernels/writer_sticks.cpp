// Writer of the untilize program: each block of Wt pages in c_16 holds 32 row-major sticks, which
// go to the row-major output one page per row.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t Ht = get_arg_val<uint32_t>(1);
  uint32_t Wt = get_arg_val<uint32_t>(2);
  uint32_t stick_bytes = get_arg_val<uint32_t>(3);
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr auto dst_args = TensorAccessorArgs<0>();
  const auto dst = TensorAccessor(dst_args, dst_addr, stick_bytes);

  for (uint32_t ht = 0; ht < Ht; ++ht) {
    cb_wait_front(cb_out, Wt);
    uint32_t l1 = get_read_ptr(cb_out);
    for (uint32_t r = 0; r < 32; ++r) {
      noc_async_write_page(ht * 32 + r, dst, l1 + r * stick_bytes);
    }
    noc_async_write_barrier();
    cb_pop_front(cb_out, Wt);
  }
}
