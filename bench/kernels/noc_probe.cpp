// Bench data-movement probe: `count` NoC reads or writes of `size` bytes between this core's L1
// and a DRAM bank range or another core's L1.
#include "api/dataflow/dataflow_api.h"

// A barrier every `per_barrier` transactions, or (reads, `trids` > 0) a ring of `trids`
// transaction ids: each read carries the next id and the reader waits on the oldest one only once
// the ring is full (the trid double-buffering of TT-Metal's DRAM bandwidth reports).
void kernel_main() {
  uint32_t write = get_arg_val<uint32_t>(0);
  uint32_t is_dram = get_arg_val<uint32_t>(1);
  uint32_t x = get_arg_val<uint32_t>(2);
  uint32_t y = get_arg_val<uint32_t>(3);
  uint32_t bank0 = get_arg_val<uint32_t>(4);
  uint32_t nbanks = get_arg_val<uint32_t>(5);
  uint32_t remote = get_arg_val<uint32_t>(6);
  uint32_t local = get_arg_val<uint32_t>(7);
  uint32_t size = get_arg_val<uint32_t>(8);
  uint32_t count = get_arg_val<uint32_t>(9);
  uint32_t per_barrier = get_arg_val<uint32_t>(10);
  uint32_t stride = get_arg_val<uint32_t>(11);  // bytes between successive remote offsets
  uint32_t trids = get_arg_val<uint32_t>(12);

  for (uint32_t i = 0; i < count; ++i) {
    uint64_t addr = is_dram ? get_noc_addr_from_bank_id<true>(bank0 + i % nbanks,
                                                              remote + (i / nbanks) * stride)
                            : get_noc_addr(x, y, remote);
    if (write) {
      noc_async_write(local, addr, size);
    } else {
      if (trids) {
        noc_async_read_set_trid(1 + i % trids);
      }
      noc_async_read(addr, local, size);
    }
    if (trids && !write) {
      if (i + 1 >= trids) {
        noc_async_read_barrier_with_trid(1 + (i + 1 - trids) % trids);
      }
    } else if ((i + 1) % per_barrier == 0) {
      if (write) {
        noc_async_write_barrier();
      } else {
        noc_async_read_barrier();
      }
    }
  }
  noc_async_read_barrier();
  noc_async_write_barrier();
}
