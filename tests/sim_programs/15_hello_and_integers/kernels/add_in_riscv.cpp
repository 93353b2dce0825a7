// Adds two uint32 values in a data-movement RISC: both read from DRAM into L1 scratch (the CB's
// space), summed, written back to DRAM.
void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t b_addr = get_arg_val<uint32_t>(1);
  uint32_t c_addr = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  cb_reserve_back(cb, 1);
  uint32_t l1 = get_write_ptr(cb);
  noc_async_read(get_noc_addr_from_bank_id<true>(0, a_addr), l1, sizeof(uint32_t));
  noc_async_read(get_noc_addr_from_bank_id<true>(0, b_addr), l1 + 16, sizeof(uint32_t));
  noc_async_read_barrier();
  volatile tt_l1_ptr uint32_t* v = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(l1);
  v[0] = v[0] + v[4];
  DPRINT << "riscv sum " << v[0] << ENDL();
  noc_async_write(l1, get_noc_addr_from_bank_id<true>(0, c_addr), sizeof(uint32_t));
  noc_async_write_barrier();
}
