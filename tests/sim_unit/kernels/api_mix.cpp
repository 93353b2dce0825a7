// Test kernel exercising less common dataflow calls; writes results as 32-bit words to CB 2's
// page, then to DRAM page 0 of the output buffer:
// [0] common arg 0 + common arg 1, [1] value read through get_arg_addr(1),
// [2..3] words 0,1 of page 5 of the input read via InterleavedAddrGenFast with a trid,
// [4] word 0 of page 6 via InterleavedPow2AddrGen, [5] value written by noc_inline_dw_write,
// [6] semaphore after inc_multicast over the 2x1 rectangle (loopback not included -> peer only),
// [7] CB 3 page size (a second index of the same CircularBufferConfig), [8] get_tile_size(2).
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t in = get_arg_val<uint32_t>(0), out = get_arg_val<uint32_t>(2);
  uint32_t peer_x = get_arg_val<uint32_t>(3), peer_y = get_arg_val<uint32_t>(4);
  volatile tt_l1_ptr uint32_t* res =
      reinterpret_cast<volatile tt_l1_ptr uint32_t*>(get_write_ptr(2));
  cb_reserve_back(2, 1);
  res[0] = get_common_arg_val<uint32_t>(0) + get_common_arg_val<uint32_t>(1);
  res[1] = *reinterpret_cast<volatile tt_l1_ptr uint32_t*>(get_arg_addr(1));

  uint32_t scratch = get_write_ptr(2) + 1024;  // CB 3 shares CB 2's storage
  const InterleavedAddrGenFast<true> fast{
      .bank_base_address = in, .page_size = 2048, .data_format = DataFormat::Float16_b};
  noc_async_read_set_trid(3);
  noc_async_read_tile(5, fast, scratch);
  noc_async_read_barrier_with_trid(3);
  noc_async_read_set_trid(0);
  volatile tt_l1_ptr uint32_t* s = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(scratch);
  res[2] = s[0];
  res[3] = s[1];
  const InterleavedPow2AddrGen<true> pow2{.bank_base_address = in, .log_base_2_of_page_size = 11};
  noc_async_read(get_noc_addr(6, pow2), scratch, 2048);
  noc_async_read_barrier();
  res[4] = s[0];

  uint32_t sem = get_semaphore(0);
  noc_inline_dw_write(get_noc_addr(scratch + 64), 0xabcd1234u);
  noc_async_write_barrier();
  res[5] = s[16];
  noc_semaphore_inc_multicast(
      get_noc_multicast_addr(my_x[noc_index], my_y[noc_index], peer_x, peer_y, sem), 5, 1);
  noc_async_atomic_barrier();
  // The peer's semaphore went 0 -> 5; read it back over the NoC.
  noc_async_read(get_noc_addr(peer_x, peer_y, sem), scratch, 4);
  noc_async_read_barrier();
  res[6] = s[0];
  res[7] = get_cb_page_size(3);
  res[8] = get_tile_size(2);
  const InterleavedAddrGen<true> o{out, 2048};
  noc_async_write(get_write_ptr(2), get_noc_addr(0, o), 64);
  noc_async_write_barrier();
  cb_push_back(2, 1);
}
