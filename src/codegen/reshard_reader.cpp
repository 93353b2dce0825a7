// Reader of the copy between two storages of one tensor (a Reshard of the device plan, emitted
// with the host program of a function of several launches): reads `rows` runs of `cols` pages of
// the source (from page `start`, `stride` pages apart: a contiguous range, or the tile rows of
// the destination shard this core holds), in whatever storage its TensorAccessorArgs describe
// (interleaved or sharded, DRAM or L1), into CB c_0 one page at a time, so the writer on the other
// RISC stores one page while the next is read.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0);
  const uint32_t start = get_arg_val<uint32_t>(1);
  const uint32_t rows = get_arg_val<uint32_t>(2);  // runs of `cols` pages, `stride` apart
  const uint32_t cols = get_arg_val<uint32_t>(3);
  const uint32_t stride = get_arg_val<uint32_t>(4);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto src_args = TensorAccessorArgs<0>();
  const uint32_t page = get_tile_size(cb);
  const auto src = TensorAccessor(src_args, src_addr, page);
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t p = start + r * stride; p < start + r * stride + cols; ++p) {
      cb_reserve_back(cb, 1);
      noc_async_read_page(p, src, get_write_ptr(cb));
      noc_async_read_barrier();
      cb_push_back(cb, 1);
    }
  }
}
