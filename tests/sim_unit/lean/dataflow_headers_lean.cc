// Compile check (built, never run): the data-movement kernel headers stay lean and every
// spelling of the overloaded calls resolves.
#include "api/dataflow/dataflow_api.h"
#include "api/tensor/tensor_accessor_args.h"
#include "dataflow_api.h"
#include "debug/dprint.h"

#if defined(_GLIBCXX_MAP) || defined(_GLIBCXX_FUNCTIONAL) || defined(_GLIBCXX_STRING) || \
    defined(_GLIBCXX_VECTOR)
#error "data-movement kernel headers must not include <map>, <functional>, <string> or <vector>"
#endif

void ttsim_dataflow_headers_compile_check() {
  const InterleavedAddrGen<true> g{0, 2048};
  const InterleavedAddrGenFast<false> f{0, 2048, DataFormat::Float16_b};
  uint64_t a = get_noc_addr(1, 1, 0x20000);
  a += get_noc_addr(1, 1, 0x20000, 1);
  a += get_noc_addr(0x20000);
  a += get_noc_addr(0x20000, uint8_t(1));
  a += get_noc_addr(3, g);
  a += get_noc_addr(3, g, 16);
  a += get_noc_addr(3, f, 0, 1);
  a += get_noc_addr_from_bank_id<true>(2, 64);
  a += get_dram_noc_addr(5, 2048, 0);
  noc_async_read(a, 0x20000, 64);
  noc_async_read<2048>(a, 0x20000, 64, 1);
  noc_async_write(0x20000, a, 64);
  noc_async_read_tile(1, g, 0x20000);
  noc_async_write_tile(1, f, 0x20000);
  noc_async_read_page(1, g, 0x20000, 0, 1);
  noc_async_write_page(1, g, 0x20000, 1024);
  noc_async_write_multicast(0x20000, get_noc_multicast_addr(1, 1, 2, 2, 0x20000), 64, 3, false, 0);
  noc_semaphore_inc<true>(a, 1);
  DPRINT << "x" << 1u << -1 << 1.5f << HEX() << 255u << DEC() << ENDL();
}
