// K-split GEMM (hand-written experiment): reader, B multicast down the group's column, partner
// partial tokens.
#include "api/dataflow/dataflow_api.h"

// Operand multicast (pass operand-multicast): a receiver reports room for a block by raising
// the sender's semaphore and waits for its own flag; the sender waits until every receiver is
// ready, multicasts the block into the same L1 address of each and raises their flags (its
// own flag word holds the VALID value it multicasts).
volatile tt_l1_ptr uint32_t* mcast_sem(uint32_t id) {
  return reinterpret_cast<volatile tt_l1_ptr uint32_t*>(get_semaphore(id));
}
void mcast_ready(uint32_t sender_x, uint32_t sender_y, uint32_t sender_sem, uint32_t flag_sem) {
  noc_semaphore_set(mcast_sem(flag_sem), 0);
  noc_semaphore_inc(get_noc_addr(sender_x, sender_y, get_semaphore(sender_sem)), 1);
}
void mcast_receive(uint32_t flag_sem) { noc_semaphore_wait(mcast_sem(flag_sem), 1); }
void mcast_send(uint32_t l1, uint32_t bytes, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1,
                uint32_t receivers, uint32_t sender_sem, uint32_t flag_sem) {
  noc_semaphore_wait(mcast_sem(sender_sem), receivers);
  noc_semaphore_set(mcast_sem(sender_sem), 0);
  noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1), bytes, receivers);
  noc_async_writes_flushed();
  const uint32_t flag = get_semaphore(flag_sem);
  noc_semaphore_set(mcast_sem(flag_sem), 1);
  noc_semaphore_set_multicast(flag, get_noc_multicast_addr(x0, y0, x1, y1, flag), receivers);
}

void mcast_slice(uint32_t l1, uint32_t bytes, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1,
                 uint32_t receivers, uint32_t flag_sem, uint32_t count) {
  noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1), bytes, receivers);
  noc_async_writes_flushed();
  const uint32_t flag = get_semaphore(flag_sem);
  noc_semaphore_set(mcast_sem(flag_sem), count);
  noc_semaphore_set_multicast(flag, get_noc_multicast_addr(x0, y0, x1, y1, flag), receivers);
}

// Args: 0 B_addr, 1 bx, 2 by, 3 g, 4/5 rect end, 6 flag sem, 7 receivers, 8 sender?, 9 sender sem,
// 10/11 sender, 12/13 rect start, 14 P sem.
// The first K step in three slices of 1, 2 and 5 K tiles (cumulative counts), each multicast as
// it lands under a counting flag, so compute starts after one K tile's operands.
constexpr uint32_t kCum[4] = {0, 1, 3, 8};
void kernel_main() {
  constexpr uint32_t cb_B = tt::CBIndex::c_1;
  constexpr uint32_t cb_tok = tt::CBIndex::c_26;
  const uint32_t B_addr = get_arg_val<uint32_t>(0);
  constexpr auto B_accessor_args = TensorAccessorArgs<0>();
  const auto B_accessor = TensorAccessor(B_accessor_args, B_addr, 2048);
  const uint32_t bx = get_arg_val<uint32_t>(1), g = get_arg_val<uint32_t>(3);
  const uint32_t kb = g * 4, rot = g * 4;
  const bool sender = get_arg_val<uint32_t>(8) != 0;
  const uint32_t x0 = get_arg_val<uint32_t>(12), y0 = get_arg_val<uint32_t>(13);
  const uint32_t x1 = get_arg_val<uint32_t>(4), y1 = get_arg_val<uint32_t>(5);
  const uint32_t nrecv = get_arg_val<uint32_t>(7), flag = get_arg_val<uint32_t>(6);
  const uint32_t ssem = get_arg_val<uint32_t>(9);
  const uint32_t psem = get_arg_val<uint32_t>(14);
  uint32_t tokens = 0;
  for (uint32_t h = 0; h < 2; ++h) {
    for (uint32_t ko = 0; ko < 4; ++ko) {
      const uint32_t slices = (h == 0 && ko == 0) ? 3 : 1;
      cb_reserve_back(cb_B, 48);
      const uint32_t l1 = get_write_ptr(cb_B);
      // The first transfer needs no handshake: every CB is empty and every flag 0 at launch.
      const bool first = h == 0 && ko == 0;
      if (!first && sender) {
        noc_semaphore_wait(mcast_sem(ssem), nrecv);
        noc_semaphore_set(mcast_sem(ssem), 0);
      } else if (!first) {
        mcast_ready(get_arg_val<uint32_t>(10), get_arg_val<uint32_t>(11), ssem, flag);
      }
      for (uint32_t q = 0; q < slices; ++q) {
        if (sender) {
          const uint32_t i0 = slices == 1 ? 0 : kCum[q], i1 = slices == 1 ? 8 : kCum[q + 1];
          for (uint32_t i = i0; i < i1; ++i) {
            for (uint32_t j = 0; j < 6; ++j) {
              noc_async_read_tile(((kb + ko) * 8 + (i + rot) % 8) * 66 + (bx * 6 + j), B_accessor,
                                  l1 + (i * 6 + j) * 2048);
            }
          }
          noc_async_read_barrier();
          mcast_slice(l1 + i0 * 6 * 2048, (i1 - i0) * 6 * 2048, x0, y0, x1, y1, nrecv, flag, q + 1);
        } else {
          noc_semaphore_wait_min(mcast_sem(flag), q + 1);
        }
        cb_push_back(cb_B, (slices == 1 ? 8 : kCum[q + 1] - kCum[q]) * 6);
      }
      if (h == 1 && ko == 2) {
        // The partner's partial of the final half lands sub-block by sub-block: a token for
        // each (the last step's operands wait for room until the first half ends anyway).
        for (; tokens < 13; ++tokens) {
          noc_semaphore_wait_min(mcast_sem(psem), tokens + 1);
          cb_reserve_back(cb_tok, 1);
          cb_push_back(cb_tok, 1);
        }
      }
    }
  }
  noc_async_write_barrier();
  noc_async_atomic_barrier();
}
