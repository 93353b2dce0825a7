// in0 (A) mover of the bench 2-D multicast GEMM (from the project's sim_programs test 07):
// multicasts each A block along the core's row.
#include "api/dataflow/dataflow_api.h"
#include "mcast_link.h"

// DRAM A: column-0 cores read each A block of their block row and multicast it along the row.
// Block-sharded A (L1): the core whose shard holds K block kb multicasts it to the whole row,
// itself included (loopback), so the sender rotates along the row as in TT-Metal's sharded matmul.
void kernel_main() {
  const McastLink link = McastLink::from_args();
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t m0 = get_arg_val<uint32_t>(2);
  uint32_t my_x = get_arg_val<uint32_t>(12);  // logical column; args 13.. : physical x per column
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t out_block_h = get_compile_time_arg_val(1);
  constexpr uint32_t block_w = get_compile_time_arg_val(2);
  constexpr uint32_t num_blocks_h = get_compile_time_arg_val(3);
  constexpr uint32_t num_blocks_w = get_compile_time_arg_val(4);
  constexpr bool sharded = get_compile_time_arg_val(5) == 1;
  constexpr uint32_t shard_w = get_compile_time_arg_val(6);
  constexpr uint32_t grid_x = get_compile_time_arg_val(7);
  constexpr auto a_args = TensorAccessorArgs<8>();

  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t block_tiles = out_block_h * block_w;
  const uint32_t tile = get_tile_size(cb_a);
  const auto a = TensorAccessor(a_args, a_addr, tile);
  McastLink owner = link;  // sharded A: the link towards the current block's owner
  owner.num_dests = grid_x - 1;

  for (uint32_t bh = 0; bh < num_blocks_h; ++bh) {
    for (uint32_t bw = 0; bw < num_blocks_w; ++bw) {
      for (uint32_t kb = 0; kb < Kt / block_w; ++kb) {
        cb_reserve_back(cb_a, block_tiles);
        uint32_t l1 = get_write_ptr(cb_a);
        if constexpr (sharded) {
          uint32_t k0 = kb * block_w;
          owner.is_sender = k0 / shard_w == my_x;
          owner.sender_x = get_arg_val<uint32_t>(13 + k0 / shard_w);
          if (owner.is_sender) {
            owner.wait_ready();
            for (uint32_t r = 0; r < out_block_h; ++r) {
              uint32_t src = a_addr + ((bh * out_block_h + r) * shard_w + k0 % shard_w) * tile;
              uint32_t dst = l1 + r * block_w * tile;
              noc_async_write_multicast_loopback_src(
                  src, get_noc_multicast_addr(owner.x0, owner.y0, owner.x1, owner.y1, dst),
                  block_w * tile, grid_x);
            }
            owner.raise_flags();
            noc_async_write_barrier();  // the loopback copy has landed in this core's CB too
          } else {
            owner.receive();
          }
        } else if (link.is_sender) {
          uint32_t dst = l1;
          for (uint32_t r = 0; r < out_block_h; ++r) {
            for (uint32_t k = 0; k < block_w; ++k) {
              noc_async_read_page((m0 + bh * out_block_h + r) * Kt + kb * block_w + k, a, dst);
              dst += tile;
            }
          }
          noc_async_read_barrier();
          link.send(l1, block_tiles * tile);
        } else {
          link.receive();
        }
        cb_push_back(cb_a, block_tiles);
      }
    }
  }
  noc_async_write_barrier();
  noc_async_atomic_barrier();
}
