// Program 22's producer: fills `count` entries of the DFB through scoped write locks and counts
// each on a semaphore it holds through an INCREMENT binding token.
#include "api/dataflow/dataflow_buffer.h"
#include "api/dataflow/noc_semaphore.h"

void kernel_main() {
  constexpr uint32_t dfb_id = get_compile_time_arg_val(0);
  constexpr uint32_t count = get_compile_time_arg_val(1);
  constexpr SemaphoreBindingToken<get_compile_time_arg_val(2), SemScope::EXTERNAL,
                                  SemAccess::INCREMENT>
      produced{};
  DataflowBuffer dfb{DFBBindingToken{dfb_id}};
  Semaphore sem(produced);
  const uint32_t words = dfb.get_entry_size() / sizeof(uint32_t);
  for (uint32_t i = 0; i < count; ++i) {
    dfb.reserve_back(1);
    {
      auto lock = dfb.scoped_write_lock();
      auto entry = lock.get_ptr<uint32_t>();
      for (uint32_t w = 0; w < words; ++w) {
        entry[w] = i * 1000 + w;
      }
    }
    dfb.push_back(1);
    sem.up(1);
  }
}
