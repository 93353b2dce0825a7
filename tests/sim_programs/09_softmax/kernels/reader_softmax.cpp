// Era-A reader of the row softmax: the reduce scaler tile (1.0 in each face's first row) into c_2,
// then the input one tile row (Wt tiles) at a time into c_0 via InterleavedAddrGenFast.
#include <stdint.h>

#include "dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t Ht = get_arg_val<uint32_t>(1);
  uint32_t Wt = get_arg_val<uint32_t>(2);
  uint32_t one_bf16 = get_arg_val<uint32_t>(3);
  constexpr uint32_t cb_in = 0;
  constexpr uint32_t cb_scaler = 2;

  cb_reserve_back(cb_scaler, 1);
  volatile uint16_t* scaler = reinterpret_cast<volatile uint16_t*>(get_write_ptr(cb_scaler));
  for (uint32_t i = 0; i < 1024; ++i) {
    scaler[i] = 0;
  }
  for (uint32_t face = 0; face < 4; ++face) {
    for (uint32_t c = 0; c < 16; ++c) {
      scaler[face * 256 + c] = static_cast<uint16_t>(one_bf16);
    }
  }
  cb_push_back(cb_scaler, 1);

  const uint32_t tile = get_tile_size(cb_in);
  const InterleavedAddrGenFast<true> src = {
      .bank_base_address = src_addr, .page_size = tile, .data_format = get_dataformat(cb_in)};
  for (uint32_t ht = 0; ht < Ht; ++ht) {
    cb_reserve_back(cb_in, Wt);
    uint32_t l1 = get_write_ptr(cb_in);
    for (uint32_t wt = 0; wt < Wt; ++wt) {
      noc_async_read_tile(ht * Wt + wt, src, l1 + wt * tile);
    }
    noc_async_read_barrier();
    cb_push_back(cb_in, Wt);
  }
}
