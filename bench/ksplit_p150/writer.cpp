// K-split GEMM (hand-written experiment): writer, A multicast along the row, the partial to the
// partner, C of the final half.
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

// Args: 0 A_addr, 1 C_addr, 2 bx, 3 by, 4 g, 5/6 rect end, 7 flag sem, 8 receivers, 9 sender?,
// 10 sender sem, 11/12 sender, 13/14 rect start, 15/16 partner, 17 P sem.
// The first K step in three slices of 1, 2 and 5 K tiles (cumulative counts), each multicast as
// it lands under a counting flag, so compute starts after one K tile's operands.
constexpr uint32_t kCum[4] = {0, 1, 3, 8};
void kernel_main() {
  constexpr uint32_t cb_A = tt::CBIndex::c_0;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr uint32_t cb_acc = tt::CBIndex::c_24;
  constexpr uint32_t cb_P = tt::CBIndex::c_25;
  constexpr uint32_t cb_sent = tt::CBIndex::c_27;
  const uint32_t A_addr = get_arg_val<uint32_t>(0), C_addr = get_arg_val<uint32_t>(1);
  constexpr auto C_accessor_args = TensorAccessorArgs<0>();
  const auto C_accessor = TensorAccessor(C_accessor_args, C_addr, 2048);
  constexpr auto A_accessor_args =
      TensorAccessorArgs<C_accessor_args.next_compile_time_args_offset()>();
  const auto A_accessor = TensorAccessor(A_accessor_args, A_addr, 2048);
  const uint32_t bx = get_arg_val<uint32_t>(2), by = get_arg_val<uint32_t>(3),
                 g = get_arg_val<uint32_t>(4);
  const uint32_t kb = g * 4, rot = g * 4;
  const bool sender = get_arg_val<uint32_t>(9) != 0;
  const uint32_t x0 = get_arg_val<uint32_t>(13), y0 = get_arg_val<uint32_t>(14);
  const uint32_t x1 = get_arg_val<uint32_t>(5), y1 = get_arg_val<uint32_t>(6);
  const uint32_t nrecv = get_arg_val<uint32_t>(8), flag = get_arg_val<uint32_t>(7);
  const uint32_t ssem = get_arg_val<uint32_t>(10);
  const uint32_t acc_base = get_write_ptr(cb_acc), p_base = get_write_ptr(cb_P);
  const uint32_t px = get_arg_val<uint32_t>(15), py = get_arg_val<uint32_t>(16);
  const uint64_t psem = get_noc_addr(px, py, get_semaphore(get_arg_val<uint32_t>(17)));
  uint32_t sent = 0;
  for (uint32_t h = 0; h < 2; ++h) {
    const uint32_t a = g == 0 ? 1 - h : h;  // the half: block rows 6a .. 6a + 6
    for (uint32_t ko = 0; ko < 4; ++ko) {
      const uint32_t slices = (h == 0 && ko == 0) ? 3 : 1;
      cb_reserve_back(cb_A, 56);
      const uint32_t l1 = get_write_ptr(cb_A);
      // The first transfer needs no handshake: every CB is empty and every flag 0 at launch.
      const bool first = h == 0 && ko == 0;
      if (!first && sender) {
        noc_semaphore_wait(mcast_sem(ssem), nrecv);
        noc_semaphore_set(mcast_sem(ssem), 0);
      } else if (!first) {
        mcast_ready(get_arg_val<uint32_t>(11), get_arg_val<uint32_t>(12), ssem, flag);
      }
      for (uint32_t q = 0; q < slices; ++q) {
        if (sender) {
          const uint32_t j0 = slices == 1 ? 0 : kCum[q], j1 = slices == 1 ? 8 : kCum[q + 1];
          for (uint32_t j = j0; j < j1; ++j) {
            for (uint32_t i = 0; i < 7; ++i) {
              noc_async_read_tile((by * 13 + 6 * a + i) * 65 + ((kb + ko) * 8 + (j + rot) % 8),
                                  A_accessor, l1 + (j * 7 + i) * 2048);
            }
          }
          noc_async_read_barrier();
          mcast_slice(l1 + j0 * 7 * 2048, (j1 - j0) * 7 * 2048, x0, y0, x1, y1, nrecv, flag, q + 1);
        } else {
          noc_semaphore_wait_min(mcast_sem(flag), q + 1);
        }
        cb_push_back(cb_A, (slices == 1 ? 8 : kCum[q + 1] - kCum[q]) * 7);
      }
      if (h == 1 && ko == 2) {
        // The first half's fp32 partial, sub-block by sub-block as the compute finishes it,
        // into the partner's P buffer (the last step's operands wait for room until then).
        for (; sent < 13; ++sent) {
          cb_wait_front(cb_sent, 1);
          noc_async_write(acc_base + sent * 3 * 4096,
                          get_noc_addr(px, py, p_base + sent * 3 * 4096), 3 * 4096);
          noc_async_write_barrier();
          noc_semaphore_inc(psem, 1);
          cb_pop_front(cb_sent, 1);
        }
      }
    }
  }
  // C of the final half: 13 rows of 3 tiles.
  const uint32_t af = g == 0 ? 0 : 1;
  for (uint32_t s = 0; s < 13; ++s) {
    const uint32_t S = 13 * af + s;
    cb_wait_front(cb_out, 3);
    const uint32_t rd = get_read_ptr(cb_out);
    for (uint32_t j = 0; j < 3; ++j) {
      noc_async_write_tile((by * 13 + S / 2) * 66 + (bx * 6 + (S % 2) * 3 + j), C_accessor,
                           rd + j * 2048);
    }
    noc_async_write_barrier();
    cb_pop_front(cb_out, 3);
  }
  noc_async_write_barrier();
  noc_async_atomic_barrier();
}
