// Reduce-scatter, one worker's writer: the summed tiles of its range of this device's chunk to the
// output buffer.
void kernel_main() {
  uint32_t out_addr = get_arg_val<uint32_t>(0);
  uint32_t first = get_arg_val<uint32_t>(1);
  uint32_t count = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr auto out_args = TensorAccessorArgs<0>();
  const auto out = TensorAccessor(out_args, out_addr, get_tile_size(cb_out));
  for (uint32_t t = first; t < first + count; ++t) {
    cb_wait_front(cb_out, 1);
    noc_async_write_tile(t, out, get_read_ptr(cb_out));
    noc_async_write_barrier();
    cb_pop_front(cb_out, 1);
  }
}
