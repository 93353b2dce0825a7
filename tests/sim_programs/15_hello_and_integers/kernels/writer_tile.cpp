// Writes one tile of c_16 to the output buffer.
void kernel_main() {
  uint32_t c_addr = get_arg_val<uint32_t>(0);
  constexpr auto c_args = TensorAccessorArgs<0>();
  const auto c = TensorAccessor(c_args, c_addr, get_tile_size(tt::CBIndex::c_16));
  cb_wait_front(tt::CBIndex::c_16, 1);
  noc_async_write_tile(0, c, get_read_ptr(tt::CBIndex::c_16));
  noc_async_write_barrier();
  cb_pop_front(tt::CBIndex::c_16, 1);
}
