// in1 (B) mover and output writer of the bench 2-D multicast GEMM (from sim_programs test 07):
// multicasts B blocks down the core's column, then writes the core's output block.
#include "api/dataflow/dataflow_api.h"
#include "mcast_link.h"

// Row-0 cores read B blocks and multicast them down their column; after each out block's K loop
// every core writes the block's output subblocks to C (DRAM), or, when C is sharded in L1 (packed
// in place), only waits for the whole core block.
void kernel_main() {
  const McastLink link = McastLink::from_args();
  uint32_t b_addr = get_arg_val<uint32_t>(0);
  uint32_t n0 = get_arg_val<uint32_t>(2);
  uint32_t c_addr = get_arg_val<uint32_t>(12);
  uint32_t m0 = get_arg_val<uint32_t>(13);
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t Nt = get_compile_time_arg_val(1);
  constexpr uint32_t out_block_h = get_compile_time_arg_val(2);
  constexpr uint32_t out_block_w = get_compile_time_arg_val(3);
  constexpr uint32_t block_w = get_compile_time_arg_val(4);
  constexpr uint32_t sub_h = get_compile_time_arg_val(5);
  constexpr uint32_t sub_w = get_compile_time_arg_val(6);
  constexpr uint32_t num_blocks_h = get_compile_time_arg_val(7);
  constexpr uint32_t num_blocks_w = get_compile_time_arg_val(8);
  constexpr bool out_sharded = get_compile_time_arg_val(9) == 1;
  constexpr auto b_args = TensorAccessorArgs<10>();
  constexpr auto c_args = TensorAccessorArgs<b_args.next_compile_time_args_offset()>();

  constexpr uint32_t cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr uint32_t block_tiles = block_w * out_block_w;
  const uint32_t tile = get_tile_size(cb_b);
  const uint32_t out_tile = get_tile_size(cb_out);
  const auto b = TensorAccessor(b_args, b_addr, tile);
  const auto c = TensorAccessor(c_args, c_addr, out_tile);

  for (uint32_t bh = 0; bh < num_blocks_h; ++bh) {
    for (uint32_t bw = 0; bw < num_blocks_w; ++bw) {
      const uint32_t col0 = n0 + bw * out_block_w;
      for (uint32_t kb = 0; kb < Kt / block_w; ++kb) {
        cb_reserve_back(cb_b, block_tiles);
        uint32_t l1 = get_write_ptr(cb_b);
        if (link.is_sender) {
          uint32_t dst = l1;
          for (uint32_t k = 0; k < block_w; ++k) {
            for (uint32_t col = 0; col < out_block_w; ++col) {
              noc_async_read_page((kb * block_w + k) * Nt + col0 + col, b, dst);
              dst += tile;
            }
          }
          noc_async_read_barrier();
          link.send(l1, block_tiles * tile);
        } else {
          link.receive();
        }
        cb_push_back(cb_b, block_tiles);
      }
      if constexpr (out_sharded) {
        continue;
      }
      const uint32_t row0 = m0 + bh * out_block_h;
      for (uint32_t sh = 0; sh < out_block_h / sub_h; ++sh) {
        for (uint32_t sw = 0; sw < out_block_w / sub_w; ++sw) {
          cb_wait_front(cb_out, sub_h * sub_w);
          uint32_t src = get_read_ptr(cb_out);
          for (uint32_t r = 0; r < sub_h; ++r) {
            for (uint32_t col = 0; col < sub_w; ++col) {
              noc_async_write_page((row0 + sh * sub_h + r) * Nt + col0 + sw * sub_w + col, c, src);
              src += out_tile;
            }
          }
          noc_async_write_barrier();
          cb_pop_front(cb_out, sub_h * sub_w);
        }
      }
    }
  }
  if constexpr (out_sharded) {
    cb_wait_front(cb_out, out_block_h * out_block_w);
  }
  noc_async_atomic_barrier();
}
