// The operand multicast of the bench GEMM, shared by its in0 and in1 movers: one sender per row
// (in0) or column (in1) multicasts each block once every receiver has reported ready.
#pragma once
#include "api/dataflow/dataflow_api.h"

// Runtime args 1 and 3..11 of both movers: sender flag, multicast rectangle (physical, inclusive),
// receiver count, sender coordinates, and the sender's and receivers' semaphore ids.
struct McastLink {
  static constexpr uint32_t kValid = 1, kInvalid = 0;
  uint32_t is_sender, x0, y0, x1, y1, num_dests, sender_x, sender_y, sender_sem_addr,
      receiver_sem_addr;

  static McastLink from_args() {
    McastLink m;
    m.is_sender = get_arg_val<uint32_t>(1);
    m.x0 = get_arg_val<uint32_t>(3);
    m.y0 = get_arg_val<uint32_t>(4);
    m.x1 = get_arg_val<uint32_t>(5);
    m.y1 = get_arg_val<uint32_t>(6);
    m.num_dests = get_arg_val<uint32_t>(7);
    m.sender_x = get_arg_val<uint32_t>(8);
    m.sender_y = get_arg_val<uint32_t>(9);
    m.sender_sem_addr = get_semaphore(get_arg_val<uint32_t>(10));
    m.receiver_sem_addr = get_semaphore(get_arg_val<uint32_t>(11));
    return m;
  }

  static volatile uint32_t* sem(uint32_t addr) {
    return reinterpret_cast<volatile uint32_t*>(addr);
  }

  // Sender: waits until every receiver has reserved room for the next block.
  void wait_ready() const {
    noc_semaphore_wait(sem(sender_sem_addr), num_dests);
    noc_semaphore_set(sem(sender_sem_addr), 0);
  }

  // Sender, after multicasting a block: once it has left L1, raises the receivers' flags (the
  // sender's own receiver word holds VALID: it is the value multicast; the flag rectangle never
  // includes the sender).
  void raise_flags() const {
    noc_async_writes_flushed();
    noc_semaphore_set(sem(receiver_sem_addr), kValid);
    noc_semaphore_set_multicast(
        receiver_sem_addr, get_noc_multicast_addr(x0, y0, x1, y1, receiver_sem_addr), num_dests);
  }

  // Sender, with the block already read into local L1 at `l1`: multicasts it to the same address
  // on the receivers and raises their flags.
  void send(uint32_t l1, uint32_t bytes) const {
    wait_ready();
    noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1), bytes, num_dests);
    raise_flags();
  }

  // Receiver, with the CB space reserved: reports ready and waits for the block to land.
  void receive() const {
    noc_semaphore_set(sem(receiver_sem_addr), kInvalid);
    noc_semaphore_inc(get_noc_addr(sender_x, sender_y, sender_sem_addr), 1);
    noc_semaphore_wait(sem(receiver_sem_addr), kValid);
  }
};
