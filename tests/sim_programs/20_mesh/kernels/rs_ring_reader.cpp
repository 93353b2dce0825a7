// Ring reduce-scatter, one worker's reader: for each step of its chain (see collectives.h), the
// worker's tiles of this device's contribution to the step's chunk (CB c_0) and, once the
// neighbours' packets have landed (semaphores count tiles), the partial sums they sent for those
// tiles (CB c_1, and CB c_2 for a second input), tile by tile.
constexpr uint32_t kStepArgs = 12;  // per step: see collectives.h (RingStep)

void kernel_main() {
  uint32_t in_addr = get_arg_val<uint32_t>(0);
  uint32_t recv_addr = get_arg_val<uint32_t>(1);
  uint32_t packet_tiles = get_arg_val<uint32_t>(2);  // tiles per page of the receive buffer
  uint32_t n_steps = get_arg_val<uint32_t>(3);
  constexpr uint32_t cb_own = tt::CBIndex::c_0;
  constexpr uint32_t cb_in[2] = {tt::CBIndex::c_1, tt::CBIndex::c_2};
  constexpr auto in_args = TensorAccessorArgs<0>();
  constexpr auto recv_args = TensorAccessorArgs<in_args.next_compile_time_args_offset()>();
  const uint32_t tile = get_tile_size(cb_own);
  const auto in = TensorAccessor(in_args, in_addr, tile);
  const auto recv = TensorAccessor(recv_args, recv_addr, tile * packet_tiles);
  uint32_t arrived[2] = {0, 0};  // tiles expected so far on semaphores 0 and 1
  for (uint32_t s = 0; s < n_steps; ++s) {
    uint32_t a = 4 + s * kStepArgs;
    uint32_t own = get_arg_val<uint32_t>(a), count = get_arg_val<uint32_t>(a + 1);
    uint32_t n_in = get_arg_val<uint32_t>(a + 2);
    for (uint32_t t = 0; t < count; ++t) {
      cb_reserve_back(cb_own, 1);
      noc_async_read_tile(own + t, in, get_write_ptr(cb_own));
      for (uint32_t i = 0; i < n_in; ++i) {
        uint32_t sem = get_arg_val<uint32_t>(a + 3 + 2 * i);
        uint32_t at = get_arg_val<uint32_t>(a + 4 + 2 * i) + t;  // tile of the receive buffer
        noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(get_semaphore(sem)),
                               ++arrived[sem]);
        cb_reserve_back(cb_in[i], 1);
        noc_async_read(recv.get_noc_addr(at / packet_tiles, (at % packet_tiles) * tile),
                       get_write_ptr(cb_in[i]), tile);
      }
      noc_async_read_barrier();
      cb_push_back(cb_own, 1);
      for (uint32_t i = 0; i < n_in; ++i) {
        cb_push_back(cb_in[i], 1);
      }
    }
  }
}
