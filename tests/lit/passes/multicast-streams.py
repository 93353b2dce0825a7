# B0e `multicast-streams` (an optimization pass): non-causal flash attention at s4096 runs more
# blocks than cores, and every query block of a head reads the head's K and V. B0e asks B1 for
# the multicast tiling, so the 8 cores of a row run blocks of the same head at every step and D8
# reads K and V once per row and multicasts them. B0a then keeps L1 for B0d's 256-key steps
# (128-row groups instead of 256: the rows no longer save DRAM traffic). Causal attention's key
# loops differ along a row (kept); a grid that fits the cores one block each is kept, and D8
# then keeps such 3-D grids unicast too (grids with a batch coordinate are multicast only on
# B0e's tiling: on other partitions their groups were wrong, varlen sink attention failed).
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 4096, 128, False)" -o %t/on --remarks=B0a,B0d,B0e,B1,D8 2> %t/remarks.txt
# RUN: FileCheck %s --input-file %t/remarks.txt
# RUN: FileCheck %s --check-prefix=READER --input-file %t/on/reader.cpp
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 4096, 128, True)" --stop-after=B1 --remarks=B0e 2>&1 | FileCheck %s --check-prefix=CAUSAL
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, False)" --stop-after=B1 --remarks=B0e 2>&1 | FileCheck %s --check-prefix=FITS
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, False)" -o %t/fits --remarks=D8 2>&1 | FileCheck %s --check-prefix=FITS-D8
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 4096, 128, False)" --disable-pass multicast-streams --stop-after=B1 --remarks=B0a,B0d,B1 2>&1 | FileCheck %s --check-prefix=OFF

# CHECK: remark: 2 consecutive blocks along 'bx' form one block of 128 rows (grid 64 -> 32): {{.*}}; no larger group: L1 kept for 4 key blocks a step (B0d), the streamed regions being multicast along core rows (B0e, D8) [reuse-blocks.grouped]
# CHECK: remark: key loop 'kb' runs 4 key blocks per step: 256 keys instead of 64
# CHECK: remark: the 131072 bytes a serial loop streams per iteration do not depend on 'bx': the cores are laid out as the 32x16 grid (8x8 cores, 8 blocks each) so that the 8 cores of a row run blocks of the same 'by' at every step {{.*}} [multicast-streams.tiling]
# CHECK: remark: partition global, multicast tiling: 512 blocks on a 8x8 core rectangle laid out as the 32x16 block grid, 8 blocks each
# CHECK: remark: 'K' (CB k_tile, 32 tiles per transfer) is the same on every core of a row: the core in column 0 reads it and multicasts it to the other 7
# CHECK: remark: 'V' (CB v_tile, 32 tiles per transfer) is the same on every core of a row
# CHECK: remark: 2 operand(s) multicast on a 8x8 core rectangle (several blocks per core, B1's multicast tiling): {{.*}} (read by every core: q_tile)

# READER: const uint32_t block_id = start_id + (local_id / 4 * 256 + local_id % 4 * 8);
# READER: for (uint32_t kb = 0; kb < 16; ++kb) {
# READER: mcast_ready(
# READER: mcast_send(
# READER: } else {
# READER-NEXT: mcast_receive(

# CAUSAL: remark: no multicast tiling: a serial loop's trip count depends on 'bx': the cores of a row would run different loops [multicast-streams.kept]

# FITS: remark: no multicast tiling: the 4x16 grid fits the core grid one block per core [multicast-streams.kept]
# FITS-D8: remark: no operand multicast: the work is not a global partition of a 2-D T.Kernel grid [operand-multicast.kept]

# OFF: remark: 4 consecutive blocks along 'bx' form one block of 256 rows (grid 64 -> 16): the 32768 bytes a serial loop streams per iteration, the same for each of them, are read once for the 4 [reuse-blocks.grouped]
# OFF: remark: key loop 'kb' runs 2 key blocks per step: 128 keys instead of 64
# OFF: remark: partition global: 256 blocks on 64 of the 64 cores (grid 8x8), 4 to 4 contiguous blocks each
