// Reads this core's sticks of an interleaved DRAM tensor, addressed by page through a PageView,
// one entry at a time into a DataflowBuffer; finish() returns when the writer has drained it.
#include "api/dataflow/noc.h"
#include "api/tensor/tensor_accessor.h"
#include "experimental/dataflow_buffer.h"

void kernel_main() {
  constexpr uint32_t dfb_id = get_compile_time_arg_val(0);
  constexpr uint32_t stick_bytes = get_compile_time_arg_val(1);
  constexpr uint32_t n_sticks = get_compile_time_arg_val(2);
  constexpr auto src_args = TensorAccessorArgs<3>();
  const uint32_t src_addr = get_arg_val<uint32_t>(0);
  const uint32_t first = get_arg_val<uint32_t>(1);

  const auto src = TensorAccessor(src_args, src_addr, stick_bytes);
  const PageView pages(src);
  experimental::DataflowBuffer dfb(dfb_id);  // the experimental spelling
  Noc noc;
  for (uint32_t i = 0; i < n_sticks; ++i) {
    dfb.reserve_back(1);
    noc.async_read(pages, dfb, stick_bytes, {.page_id = first + i}, {});
    noc.async_read_barrier();
    dfb.push_back(1);
  }
  dfb.finish();
}
