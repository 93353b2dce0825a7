// Multi-core padding of a row-major tensor: each core copies its rows (sticks) and appends pad
// values, writing rows of the wider output tensor.
void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t dst_addr = get_arg_val<uint32_t>(1);
  uint32_t first_row = get_arg_val<uint32_t>(2);
  uint32_t n_rows = get_arg_val<uint32_t>(3);
  uint32_t pad_bits = get_arg_val<uint32_t>(4);
  constexpr uint32_t in_elems = get_compile_time_arg_val(0);
  constexpr uint32_t out_elems = get_compile_time_arg_val(1);
  constexpr auto src_args = TensorAccessorArgs<2>();
  constexpr auto dst_args = TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  const auto src = TensorAccessor(src_args, src_addr, in_elems * 2);
  const auto dst = TensorAccessor(dst_args, dst_addr, out_elems * 2);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  for (uint32_t r = first_row; r < first_row + n_rows; ++r) {
    cb_reserve_back(cb, 1);
    uint32_t l1 = get_write_ptr(cb);
    noc_async_read_page(r, src, l1);
    noc_async_read_barrier();
    volatile tt_l1_ptr uint16_t* row = reinterpret_cast<volatile tt_l1_ptr uint16_t*>(l1);
    for (uint32_t j = in_elems; j < out_elems; ++j) {
      row[j] = static_cast<uint16_t>(pad_bits);
    }
    noc_async_write_page(r, dst, l1);
    noc_async_write_barrier();
    cb_push_back(cb, 1);
    cb_wait_front(cb, 1);
    cb_pop_front(cb, 1);
  }
}
