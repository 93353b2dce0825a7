// Collectives' reader: streams `n_tiles` tiles of an interleaved DRAM buffer into CB c_0 in
// batches of up to 4, starting at each of the listed page offsets in turn (one run per offset),
// so the sender on the other RISC sends while the next batch is read.
void kernel_main() {
  uint32_t in_addr = get_arg_val<uint32_t>(0);
  uint32_t n_tiles = get_arg_val<uint32_t>(1);  // tiles per run
  uint32_t n_runs = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr uint32_t batch = 4;
  constexpr auto in_args = TensorAccessorArgs<0>();
  const uint32_t page = get_tile_size(cb);
  const auto in = TensorAccessor(in_args, in_addr, page);
  // Runs interleave tile by tile (tile t of every run, then t + 1) as the senders consume them.
  uint32_t total = n_tiles * n_runs;
  for (uint32_t i = 0; i < total; i += batch) {
    uint32_t n = total - i < batch ? total - i : batch;
    cb_reserve_back(cb, n);
    uint32_t l1 = get_write_ptr(cb);
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t t = (i + k) / n_runs, run = (i + k) % n_runs;
      noc_async_read_tile(get_arg_val<uint32_t>(3 + run) + t, in, l1 + k * page);
    }
    noc_async_read_barrier();
    cb_push_back(cb, n);
  }
}
