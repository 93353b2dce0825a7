// Reader of the row reductions: builds the reduce scaler tile in c_2 by storing through the CB
// write pointer (1.0 in the first row of each face, zeros elsewhere), then streams the input
// tiles into c_0.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t num_tiles = get_arg_val<uint32_t>(1);
  uint32_t scaler_bf16 = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb_in = tt::CBIndex::c_0;
  constexpr uint32_t cb_scaler = tt::CBIndex::c_2;
  constexpr auto src_args = TensorAccessorArgs<0>();

  cb_reserve_back(cb_scaler, 1);
  volatile uint32_t* words = reinterpret_cast<volatile uint32_t*>(get_write_ptr(cb_scaler));
  for (uint32_t i = 0; i < 512; ++i) {
    words[i] = 0;
  }
  const uint32_t pair = scaler_bf16 | (scaler_bf16 << 16);
  for (uint32_t face = 0; face < 4; ++face) {
    for (uint32_t i = 0; i < 8; ++i) {  // 16 bf16 values = the face's first row
      words[face * 128 + i] = pair;
    }
  }
  cb_push_back(cb_scaler, 1);

  const uint32_t tile = get_tile_size(cb_in);
  const auto src = TensorAccessor(src_args, src_addr, tile);
  for (uint32_t t = 0; t < num_tiles; ++t) {
    cb_reserve_back(cb_in, 1);
    noc_async_read_page(t, src, get_write_ptr(cb_in));
    noc_async_read_barrier();
    cb_push_back(cb_in, 1);
  }
}
