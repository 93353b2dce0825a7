// Reader of the tilize program: a row-major tensor with one page per row ("stick"); each tile row
// = 32 sticks placed back to back in c_0 (Wt tile pages of row-major data).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t Ht = get_arg_val<uint32_t>(1);
  uint32_t Wt = get_arg_val<uint32_t>(2);
  uint32_t stick_bytes = get_arg_val<uint32_t>(3);
  constexpr uint32_t cb_in = tt::CBIndex::c_0;
  constexpr auto src_args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(src_args, src_addr, stick_bytes);

  for (uint32_t ht = 0; ht < Ht; ++ht) {
    cb_reserve_back(cb_in, Wt);
    uint32_t l1 = get_write_ptr(cb_in);
    for (uint32_t r = 0; r < 32; ++r) {
      noc_async_read_page(ht * 32 + r, src, l1 + r * stick_bytes);
    }
    noc_async_read_barrier();
    cb_push_back(cb_in, Wt);
  }
}
