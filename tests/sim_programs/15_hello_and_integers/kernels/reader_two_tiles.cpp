// Reads one tile of each input buffer into c_0 and c_1.
void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t b_addr = get_arg_val<uint32_t>(1);
  constexpr auto a_args = TensorAccessorArgs<0>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
  const auto a = TensorAccessor(a_args, a_addr, get_tile_size(tt::CBIndex::c_0));
  const auto b = TensorAccessor(b_args, b_addr, get_tile_size(tt::CBIndex::c_1));
  cb_reserve_back(tt::CBIndex::c_0, 1);
  cb_reserve_back(tt::CBIndex::c_1, 1);
  noc_async_read_tile(0, a, get_write_ptr(tt::CBIndex::c_0));
  noc_async_read_tile(0, b, get_write_ptr(tt::CBIndex::c_1));
  noc_async_read_barrier();
  cb_push_back(tt::CBIndex::c_0, 1);
  cb_push_back(tt::CBIndex::c_1, 1);
}
