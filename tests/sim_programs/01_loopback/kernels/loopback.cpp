// Loopback data-movement kernel: every page of a buffer goes buffer -> L1 scratch -> buffer
// through raw noc_async_read / noc_async_write on the addresses a TensorAccessor gives. The
// data-movement API comes with the kernel build (no include), as in the SDK.
void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0);
  const uint32_t dst_addr = get_arg_val<uint32_t>(1);
  const uint32_t scratch_l1 = get_arg_val<uint32_t>(2);
  const uint32_t num_pages = get_arg_val<uint32_t>(3);
  const uint32_t page_bytes = get_arg_val<uint32_t>(4);

  constexpr auto src_args = TensorAccessorArgs<0>();
  constexpr auto dst_args = TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  const auto src = TensorAccessor(src_args, src_addr, page_bytes);
  const auto dst = TensorAccessor(dst_args, dst_addr, page_bytes);

  for (uint32_t page = 0; page < num_pages; ++page) {
    noc_async_read(src.get_noc_addr(page), scratch_l1, page_bytes);
    noc_async_read_barrier();
    noc_async_write(scratch_l1, dst.get_noc_addr(page), page_bytes);
    noc_async_write_barrier();
  }
  DPRINT << "copied " << num_pages << " pages of " << page_bytes << " B" << ENDL();
}
