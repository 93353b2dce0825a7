// Reduce-scatter, one worker's reader on its receiving core: in batches of up to 4 tiles of the
// worker's range of this device's chunk, its own input tiles, then for each tile the tiles the
// other devices sent (once every sending device's semaphore counts the batch), one barrier per
// batch.
void kernel_main() {
  uint32_t in_addr = get_arg_val<uint32_t>(0);
  uint32_t recv_addr = get_arg_val<uint32_t>(1);
  uint32_t n_tiles = get_arg_val<uint32_t>(2);  // tiles per chunk
  uint32_t first = get_arg_val<uint32_t>(3);    // this worker's tiles of the chunk
  uint32_t count = get_arg_val<uint32_t>(4);
  uint32_t n_dev = get_arg_val<uint32_t>(5);
  uint32_t my_slot = get_arg_val<uint32_t>(6);
  constexpr uint32_t cb_own = tt::CBIndex::c_0, cb_recv = tt::CBIndex::c_1;
  constexpr uint32_t batch = 4;
  constexpr auto in_args = TensorAccessorArgs<0>();
  constexpr auto recv_args = TensorAccessorArgs<in_args.next_compile_time_args_offset()>();
  const uint32_t page = get_tile_size(cb_own);
  const auto in = TensorAccessor(in_args, in_addr, page);
  const auto recv = TensorAccessor(recv_args, recv_addr, page);
  for (uint32_t t0 = 0; t0 < count; t0 += batch) {
    uint32_t n = count - t0 < batch ? count - t0 : batch;
    for (uint32_t s = 0; s < n_dev; ++s) {
      if (s != my_slot) {
        noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(get_semaphore(s)), t0 + n);
      }
    }
    cb_reserve_back(cb_own, n);
    cb_reserve_back(cb_recv, n * (n_dev - 1));
    uint32_t own = get_write_ptr(cb_own), other = get_write_ptr(cb_recv);
    for (uint32_t k = 0; k < n; ++k) {
      noc_async_read_tile(my_slot * n_tiles + first + t0 + k, in, own + k * page);
      for (uint32_t s = 0; s < n_dev; ++s) {
        if (s != my_slot) {
          noc_async_read_tile(s * n_tiles + first + t0 + k, recv, other);
          other += page;
        }
      }
    }
    noc_async_read_barrier();
    cb_push_back(cb_own, n);
    cb_push_back(cb_recv, n * (n_dev - 1));
  }
}
