// Writer of the determinism program: output tiles [start, start+count) from c_16, then this RISC's
// simulated cycle counter (ttsim_cycle, the simulator's kernel ABI) as two words into page
// `core_index` of the cycles buffer, through a one-page scratch CB c_17.
#include "api/dataflow/dataflow_api.h"
#include "ttsim/abi.h"

void kernel_main() {
  uint32_t c_addr = get_arg_val<uint32_t>(0);
  uint32_t start = get_arg_val<uint32_t>(1);
  uint32_t count = get_arg_val<uint32_t>(2);
  uint32_t cycles_addr = get_arg_val<uint32_t>(3);
  uint32_t core_index = get_arg_val<uint32_t>(4);
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr uint32_t cb_scratch = tt::CBIndex::c_17;
  constexpr uint32_t kCyclePage = 64;
  constexpr auto c_args = TensorAccessorArgs<0>();
  constexpr auto cyc_args = TensorAccessorArgs<c_args.next_compile_time_args_offset()>();
  const auto c = TensorAccessor(c_args, c_addr, get_tile_size(cb_out));
  const auto cyc = TensorAccessor(cyc_args, cycles_addr, kCyclePage);

  for (uint32_t t = start; t < start + count; ++t) {
    cb_wait_front(cb_out, 1);
    noc_async_write_page(t, c, get_read_ptr(cb_out));
    noc_async_write_barrier();
    cb_pop_front(cb_out, 1);
  }
  cb_reserve_back(cb_scratch, 1);
  volatile uint32_t* words = reinterpret_cast<volatile uint32_t*>(get_write_ptr(cb_scratch));
  uint64_t now = ttsim_cycle();
  words[0] = static_cast<uint32_t>(now);
  words[1] = static_cast<uint32_t>(now >> 32);
  noc_async_write_page(core_index, cyc, get_write_ptr(cb_scratch));
  noc_async_write_barrier();
  cb_push_back(cb_scratch, 1);
}
