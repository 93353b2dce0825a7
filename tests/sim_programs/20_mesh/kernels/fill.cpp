// Dispatch check: fills n_tiles pages of a DRAM buffer with value, value + 1, ... (32-bit words),
// so the host can tell which program ran on which device.
void kernel_main() {
  uint32_t out_addr = get_arg_val<uint32_t>(0);
  uint32_t n_tiles = get_arg_val<uint32_t>(1);
  uint32_t value = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto out_args = TensorAccessorArgs<0>();
  const uint32_t page = get_tile_size(cb);
  const auto out = TensorAccessor(out_args, out_addr, page);
  for (uint32_t t = 0; t < n_tiles; ++t) {
    cb_reserve_back(cb, 1);
    volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(get_write_ptr(cb));
    for (uint32_t i = 0; i < page / 4; ++i) {
      p[i] = value + t * (page / 4) + i;
    }
    noc_async_write_tile(t, out, get_write_ptr(cb));
    noc_async_write_barrier();
  }
}
