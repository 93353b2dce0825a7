// Bench multicast probe (bench/costs.cc): one sender writes `count` packets of `size` bytes to
// every core of a rectangle, either as one loopback multicast per packet or as one unicast per
// receiver and packet (TT-Metal data_movement one_to_all test shapes).
#include "api/dataflow/dataflow_api.h"

// Args: multicast?, local L1, remote L1, size, count, nx, ny, then nx NoC x and ny NoC y
// coordinates of the rectangle (the first and last of each name its corners).
void kernel_main() {
  uint32_t mcast = get_arg_val<uint32_t>(0);
  uint32_t local = get_arg_val<uint32_t>(1);
  uint32_t remote = get_arg_val<uint32_t>(2);
  uint32_t size = get_arg_val<uint32_t>(3);
  uint32_t count = get_arg_val<uint32_t>(4);
  uint32_t nx = get_arg_val<uint32_t>(5);
  uint32_t ny = get_arg_val<uint32_t>(6);
  uint32_t x0 = get_arg_val<uint32_t>(7), x1 = get_arg_val<uint32_t>(7 + nx - 1);
  uint32_t y0 = get_arg_val<uint32_t>(7 + nx), y1 = get_arg_val<uint32_t>(7 + nx + ny - 1);
  for (uint32_t i = 0; i < count; ++i) {
    if (mcast) {
      uint64_t dst = get_noc_multicast_addr(x0, y0, x1, y1, remote);
      noc_async_write_multicast_loopback_src(local, dst, size, nx * ny);
    } else {
      for (uint32_t iy = 0; iy < ny; ++iy) {
        for (uint32_t ix = 0; ix < nx; ++ix) {
          uint32_t x = get_arg_val<uint32_t>(7 + ix), y = get_arg_val<uint32_t>(7 + nx + iy);
          noc_async_write(local, get_noc_addr(x, y, remote), size);
        }
      }
    }
  }
  noc_async_write_barrier();
}
