// Receiver core: reserves c_0, tells the sender, waits for the tile, then writes it to DRAM.
void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t send_x = get_arg_val<uint32_t>(1);
  uint32_t send_y = get_arg_val<uint32_t>(2);
  uint32_t ready_sem = get_semaphore(get_compile_time_arg_val(0));
  uint32_t data_sem = get_semaphore(get_compile_time_arg_val(1));
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto dst_args = TensorAccessorArgs<2>();
  const auto dst = TensorAccessor(dst_args, dst_addr, get_tile_size(cb));

  cb_reserve_back(cb, 1);
  noc_semaphore_inc(get_noc_addr(send_x, send_y, ready_sem), 1);
  noc_async_atomic_barrier();
  noc_semaphore_wait(reinterpret_cast<volatile tt_l1_ptr uint32_t*>(data_sem), 1);
  cb_push_back(cb, 1);

  cb_wait_front(cb, 1);
  // The first four values of row 0 as the receiver sees them.
  DPRINT << TileSlice(cb, 0, SliceRange{.h0 = 0, .h1 = 1, .hs = 1, .w0 = 0, .w1 = 4, .ws = 1},
                      TSLICE_INPUT_CB, TSLICE_RD_PTR, true, false);
  noc_async_write_tile(0, dst, get_read_ptr(cb));
  noc_async_write_barrier();
  cb_pop_front(cb, 1);
  DPRINT << "received" << ENDL();
}
