// Reduce-scatter, the receiving core's reader: for each tile of this device's chunk, its own
// input tile, then the tile each other device sent (once that device's semaphore counts it).
void kernel_main() {
  uint32_t in_addr = get_arg_val<uint32_t>(0);
  uint32_t recv_addr = get_arg_val<uint32_t>(1);
  uint32_t n_tiles = get_arg_val<uint32_t>(2);
  uint32_t n_dev = get_arg_val<uint32_t>(3);
  uint32_t my_slot = get_arg_val<uint32_t>(4);
  constexpr uint32_t cb_own = tt::CBIndex::c_0, cb_recv = tt::CBIndex::c_1;
  constexpr auto in_args = TensorAccessorArgs<0>();
  constexpr auto recv_args = TensorAccessorArgs<in_args.next_compile_time_args_offset()>();
  const uint32_t page = get_tile_size(cb_own);
  const auto in = TensorAccessor(in_args, in_addr, page);
  const auto recv = TensorAccessor(recv_args, recv_addr, page);
  for (uint32_t t = 0; t < n_tiles; ++t) {
    cb_reserve_back(cb_own, 1);
    noc_async_read_tile(my_slot * n_tiles + t, in, get_write_ptr(cb_own));
    noc_async_read_barrier();
    cb_push_back(cb_own, 1);
    for (uint32_t s = 0; s < n_dev; ++s) {
      if (s == my_slot) {
        continue;
      }
      noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(get_semaphore(s)), t + 1);
      cb_reserve_back(cb_recv, 1);
      noc_async_read_tile(s * n_tiles + t, recv, get_write_ptr(cb_recv));
      noc_async_read_barrier();
      cb_push_back(cb_recv, 1);
    }
  }
}
