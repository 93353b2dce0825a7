// Era-A reader of the single-core matmul: for every output tile (mt, nt) streams the Kt tile pairs
// A[mt, kt], B[kt, nt] into c_0 / c_1 with InterleavedAddrGenFast + noc_async_read_tile.
#include <stdint.h>

#include "dataflow_api.h"

void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t b_addr = get_arg_val<uint32_t>(1);
  uint32_t Mt = get_arg_val<uint32_t>(2);
  uint32_t Kt = get_arg_val<uint32_t>(3);
  uint32_t Nt = get_arg_val<uint32_t>(4);

  constexpr uint32_t cb_a = 0;
  constexpr uint32_t cb_b = 1;
  const uint32_t a_tile_bytes = get_tile_size(cb_a);
  const uint32_t b_tile_bytes = get_tile_size(cb_b);
  const InterleavedAddrGenFast<true> a = {
      .bank_base_address = a_addr, .page_size = a_tile_bytes, .data_format = get_dataformat(cb_a)};
  const InterleavedAddrGenFast<true> b = {
      .bank_base_address = b_addr, .page_size = b_tile_bytes, .data_format = get_dataformat(cb_b)};

  for (uint32_t mt = 0; mt < Mt; ++mt) {
    for (uint32_t nt = 0; nt < Nt; ++nt) {
      for (uint32_t kt = 0; kt < Kt; ++kt) {
        cb_reserve_back(cb_a, 1);
        noc_async_read_tile(mt * Kt + kt, a, get_write_ptr(cb_a));
        cb_reserve_back(cb_b, 1);
        noc_async_read_tile(kt * Nt + nt, b, get_write_ptr(cb_b));
        noc_async_read_barrier();
        cb_push_back(cb_a, 1);
        cb_push_back(cb_b, 1);
      }
    }
  }
}
