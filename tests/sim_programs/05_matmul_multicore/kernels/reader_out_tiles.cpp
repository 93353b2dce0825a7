// Reader of the multi-core matmul, with the Device 2.0 objects as the SDK's current examples
// write it: this core owns output tiles [start, start+count) of C (row-major tile ids); for each
// it streams the Kt tile pairs A[mt, kt], B[kt, nt] from their TensorAccessors into c_0 and c_1.
#include "experimental/circular_buffer.h"
#include "experimental/noc.h"
#include "experimental/tensor.h"

void kernel_main() {
  const uint32_t a_addr = get_arg_val<uint32_t>(0);
  const uint32_t b_addr = get_arg_val<uint32_t>(1);
  const uint32_t Kt = get_arg_val<uint32_t>(2);
  const uint32_t Nt = get_arg_val<uint32_t>(3);
  const uint32_t start = get_arg_val<uint32_t>(4);
  const uint32_t count = get_arg_val<uint32_t>(5);

  experimental::Noc noc;
  experimental::CircularBuffer cb_a(tt::CBIndex::c_0);
  experimental::CircularBuffer cb_b(tt::CBIndex::c_1);
  const uint32_t a_tile = cb_a.get_tile_size();
  const uint32_t b_tile = cb_b.get_tile_size();
  constexpr auto a_args = TensorAccessorArgs<0>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
  const auto a = TensorAccessor(a_args, a_addr, a_tile);
  const auto b = TensorAccessor(b_args, b_addr, b_tile);

  for (uint32_t t = start; t < start + count; ++t) {
    const uint32_t mt = t / Nt;
    const uint32_t nt = t % Nt;
    for (uint32_t kt = 0; kt < Kt; ++kt) {
      cb_a.reserve_back(1);
      cb_b.reserve_back(1);
      noc.async_read(a, cb_a, a_tile, {.page_id = mt * Kt + kt}, {.offset_bytes = 0});
      noc.async_read(b, cb_b, b_tile, {.page_id = kt * Nt + nt}, {.offset_bytes = 0});
      noc.async_read_barrier();
      cb_a.push_back(1);
      cb_b.push_back(1);
    }
  }
}
