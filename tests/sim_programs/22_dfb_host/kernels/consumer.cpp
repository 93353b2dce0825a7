// Program 22's consumer: takes each entry once the producer's semaphore count allows (CONSUME
// binding token: down()), writes it to DRAM page i, then reports the descriptor getters of both
// DFBs through the status DFB.
#include "api/dataflow/dataflow_api.h"
#include "api/dataflow/dataflow_buffer.h"
#include "api/dataflow/noc_semaphore.h"

void kernel_main() {
  const uint32_t out_addr = get_arg_val<uint32_t>(0);
  const uint32_t status_addr = get_arg_val<uint32_t>(1);
  constexpr uint32_t dfb_id = get_compile_time_arg_val(0);
  constexpr uint32_t count = get_compile_time_arg_val(1);
  constexpr SemaphoreBindingToken<get_compile_time_arg_val(2), SemScope::EXTERNAL,
                                  SemAccess::CONSUME>
      produced{};
  constexpr uint32_t status_id = get_compile_time_arg_val(3);
  constexpr auto out_args = TensorAccessorArgs<4>();
  constexpr auto status_args = TensorAccessorArgs<out_args.next_compile_time_args_offset()>();

  DataflowBuffer dfb{DFBBindingToken{dfb_id}};
  DataflowBuffer status{DFBBindingToken{status_id}};
  Semaphore sem(produced);
  const auto out = TensorAccessor(out_args, out_addr, dfb.get_entry_size());
  for (uint32_t i = 0; i < count; ++i) {
    sem.down(1);
    dfb.wait_front(1);
    noc_async_write_page(i, out, dfb.get_read_ptr());
    noc_async_write_barrier();
    dfb.pop_front(1);
  }

  status.reserve_back(1);
  {
    auto lock = status.scoped_write_lock();
    auto s = lock.get_ptr<uint32_t>();
    s[0] = dfb.get_total_num_entries();
    s[1] = dfb.get_total_size_bytes();
    s[2] = dfb.get_local_num_entries();
    s[3] = dfb.get_ring_span_bytes();
    s[4] = dfb.get_tile_hw();
    s[5] = dfb.get_tile_num_faces();
    s[6] = static_cast<uint32_t>(dfb.get_dataformat());
    s[7] = status.get_tile_size();
    s[8] = static_cast<uint32_t>(status.get_dataformat());
    s[9] = static_cast<uint32_t>(status.get_unpack_dst_format());
    s[10] = sem.value();
  }
  const auto st = TensorAccessor(status_args, status_addr, status.get_entry_size());
  noc_async_write_page(0, st, status.get_write_ptr());
  noc_async_write_barrier();
  status.push_back(1);
}
