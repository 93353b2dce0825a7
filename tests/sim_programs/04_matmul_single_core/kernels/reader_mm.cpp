// Reader of the single-core matmul (Device 2.0 objects): for every output tile (mt, nt) streams
// the Kt tile pairs A[mt, kt], B[kt, nt] from their TensorAccessors into c_0 / c_1.
#include <stdint.h>

#include "api/dataflow/circular_buffer.h"
#include "api/dataflow/noc.h"
#include "api/tensor/tensor_accessor.h"

void kernel_main() {
  const uint32_t a_addr = get_arg_val<uint32_t>(0);
  const uint32_t b_addr = get_arg_val<uint32_t>(1);
  const uint32_t Mt = get_arg_val<uint32_t>(2);
  const uint32_t Kt = get_arg_val<uint32_t>(3);
  const uint32_t Nt = get_arg_val<uint32_t>(4);
  constexpr auto a_args = TensorAccessorArgs<0>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();

  CircularBuffer cb_a(0), cb_b(1);
  const auto a = TensorAccessor(a_args, a_addr, cb_a.get_tile_size());
  const auto b = TensorAccessor(b_args, b_addr, cb_b.get_tile_size());
  Noc noc;
  for (uint32_t mt = 0; mt < Mt; ++mt) {
    for (uint32_t nt = 0; nt < Nt; ++nt) {
      for (uint32_t kt = 0; kt < Kt; ++kt) {
        cb_a.reserve_back(1);
        noc.async_read(a, cb_a, cb_a.get_tile_size(), {.page_id = mt * Kt + kt}, {});
        cb_b.reserve_back(1);
        noc.async_read(b, cb_b, cb_b.get_tile_size(), {.page_id = kt * Nt + nt}, {});
        noc.async_read_barrier();
        cb_a.push_back(1);
        cb_b.push_back(1);
      }
    }
  }
}
