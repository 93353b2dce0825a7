// DRAM read and write with bank endpoints: n words from DRAM bank 0 into L1, viewed through a
// CoreLocalMem and replaced by 3x+1 in place, then written to another address of the same bank.
// The read is a stateful one (set_async_read_state fixes the bank, async_read_with_state reads).
#include "api/dataflow/circular_buffer.h"
#include "api/dataflow/endpoints.h"
#include "experimental/core_local_mem.h"

void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0);
  const uint32_t dst_addr = get_arg_val<uint32_t>(1);
  const uint32_t n_words = get_arg_val<uint32_t>(2);
  const uint32_t bytes = n_words * sizeof(uint32_t);

  Noc noc;
  AllocatorBank<AllocatorBankType::DRAM> bank;
  CircularBuffer cb(tt::CBIndex::c_1);
  cb.reserve_back(1);
  experimental::CoreLocalMem<uint32_t> words(cb.get_write_ptr());

  noc.set_async_read_state(bank, bytes, {.bank_id = 0, .addr = src_addr});
  noc.async_read_with_state(bank, words, bytes, {.bank_id = 0, .addr = src_addr}, {});
  noc.async_read_barrier();
  for (uint32_t i = 0; i < n_words; ++i) {
    words[i] = words[i] * 3 + 1;
  }
  noc.async_write(words, bank, bytes, {}, {.bank_id = 0, .addr = dst_addr});
  noc.async_write_barrier();
  cb.push_back(1);
  DPRINT << "scaled " << n_words << " words, first " << *words << ENDL();
}
