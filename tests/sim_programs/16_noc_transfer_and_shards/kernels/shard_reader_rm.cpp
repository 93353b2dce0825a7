// Row-major sharding: each core copies its sticks (rows) of an interleaved DRAM tensor into its
// own shard of a height-sharded L1 buffer, whose local address is the same on every core.
void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t shard_addr = get_arg_val<uint32_t>(1);
  uint32_t first_stick = get_arg_val<uint32_t>(2);
  uint32_t n_sticks = get_arg_val<uint32_t>(3);
  constexpr uint32_t stick_bytes = get_compile_time_arg_val(0);
  constexpr auto src_args = TensorAccessorArgs<1>();
  const auto src = TensorAccessor(src_args, src_addr, stick_bytes);
  for (uint32_t i = 0; i < n_sticks; ++i) {
    noc_async_read(src.get_noc_addr(first_stick + i), shard_addr + i * stick_bytes, stick_bytes);
  }
  noc_async_read_barrier();
  volatile tt_l1_ptr uint16_t* first = reinterpret_cast<volatile tt_l1_ptr uint16_t*>(shard_addr);
  DPRINT << "core " << (uint32_t)get_absolute_logical_x() << " first " << BF16(first[0]) << ENDL();
}
