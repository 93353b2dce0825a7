// Drains the DataflowBuffer into shard `to_shard` of a height-sharded L1 tensor through a
// ShardView (another core's shard: the writes cross the NoC), counting entries on semaphore
// `counter`, whose scope the host's TT_METAL2_SEM_SCOPE_TABLE define makes EXTERNAL. Reports
// [count, count after down(count), scope] to page `core` of the status tensor.
#include "api/dataflow/circular_buffer.h"
#include "api/dataflow/dataflow_buffer.h"
#include "api/dataflow/noc.h"
#include "api/dataflow/noc_semaphore.h"
#include "api/tensor/tensor_accessor.h"

void kernel_main() {
  constexpr uint32_t dfb_id = get_compile_time_arg_val(0);
  constexpr uint32_t scratch_cb = get_compile_time_arg_val(1);
  constexpr uint32_t stick_bytes = get_compile_time_arg_val(2);
  constexpr uint32_t n_sticks = get_compile_time_arg_val(3);
  constexpr uint32_t counter_id = get_compile_time_arg_val(4);
  constexpr uint32_t status_bytes = get_compile_time_arg_val(5);
  constexpr auto shard_args = TensorAccessorArgs<6>();
  constexpr auto status_args = TensorAccessorArgs<shard_args.next_compile_time_args_offset()>();
  const uint32_t shard_addr = get_arg_val<uint32_t>(0);
  const uint32_t to_shard = get_arg_val<uint32_t>(1);
  const uint32_t status_addr = get_arg_val<uint32_t>(2);
  const uint32_t core = get_arg_val<uint32_t>(3);

  const auto dst = TensorAccessor(shard_args, shard_addr, stick_bytes);
  const ShardView shards(dst);
  DataflowBuffer dfb{DFBAccessor(dfb_id)};  // the api/dataflow spelling
  Semaphore<> counter(counter_id);
  Noc noc;
  for (uint32_t i = 0; i < n_sticks; ++i) {
    dfb.wait_front(1);
    noc.async_write(dfb, shards, stick_bytes, {},
                    {.shard_id = to_shard, .offset_bytes = i * stick_bytes});
    dfb.write_barrier(noc);
    dfb.pop_front(1);
    counter.up(1);
  }
  const uint32_t counted = counter.value();
  counter.down(counted);

  CircularBuffer scratch(scratch_cb);
  scratch.reserve_back(1);
  volatile tt_l1_ptr uint32_t* words =
      reinterpret_cast<volatile tt_l1_ptr uint32_t*>(scratch.get_write_ptr());
  words[0] = counted;
  words[1] = counter.value();
  words[2] = static_cast<uint32_t>(sem_scope_of(counter_id));
  const auto status = TensorAccessor(status_args, status_addr, status_bytes);
  noc.async_write(use<CircularBuffer::AddrSelector::WRITE_PTR>(scratch), status, status_bytes, {},
                  {.page_id = core});
  noc.async_write_barrier();
}
