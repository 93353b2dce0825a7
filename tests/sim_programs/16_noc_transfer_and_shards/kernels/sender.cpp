// Sender core: reads a tile from DRAM into its c_0, waits until the receiver has reserved space
// (the receiver increments our semaphore), writes the tile into the receiver's c_0 over the NoC
// and then raises the receiver's semaphore.
void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t recv_x = get_arg_val<uint32_t>(1);
  uint32_t recv_y = get_arg_val<uint32_t>(2);
  uint32_t ready_sem = get_semaphore(get_compile_time_arg_val(0));
  uint32_t data_sem = get_semaphore(get_compile_time_arg_val(1));
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto src_args = TensorAccessorArgs<2>();
  const auto src = TensorAccessor(src_args, src_addr, get_tile_size(cb));

  cb_reserve_back(cb, 1);
  uint32_t l1 = get_write_ptr(cb);
  noc_async_read_tile(0, src, l1);
  noc_async_read_barrier();
  cb_push_back(cb, 1);
  cb_wait_front(cb, 1);

  noc_semaphore_wait(reinterpret_cast<volatile tt_l1_ptr uint32_t*>(ready_sem), 1);
  // Both cores lay out their CBs alike, so the receiver's c_0 starts where ours does.
  noc_async_write(get_read_ptr(cb), get_noc_addr(recv_x, recv_y, get_read_ptr(cb)),
                  get_tile_size(cb));
  noc_async_write_barrier();
  noc_semaphore_inc(get_noc_addr(recv_x, recv_y, data_sem), 1);
  noc_async_atomic_barrier();
  cb_pop_front(cb, 1);
  DPRINT << "sent" << ENDL();
}
