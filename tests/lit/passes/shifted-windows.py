# A T.copy load whose window starts off the tile grid (a stencil's neighbour) is lowered by C2
# to a tt.read_tiles marked shifted; a window on the grid stays a plain tile read. D3 turns the
# shifted read into the reader's gather: one read per face row, shifted into place in L1 when
# the column origin is off the 16-element face rows, zeros past the tensor.
# RUN: %tltt compile %examples/tenstorrent/09_stencil.py --stop-after=C2 --print-after=C2 2>&1 | FileCheck %s --check-prefix=C2
# RUN: %tltt compile %examples/tenstorrent/09_stencil.py --remarks=D3 2>&1 | FileCheck %s --check-prefix=D3
# RUN: %tltt compile %examples/tenstorrent/09_stencil.py --stop-after=D3 --print-after=D3 2>&1 | FileCheck %s --check-prefix=GATHER
# The reader defines the gather (from the SDK's noc_async_read and the accessor's
# get_noc_addr(page, offset)) and calls it with the window's element origin:
# RUN: rm -rf %t && %tltt compile %examples/tenstorrent/09_stencil.py -o %t
# RUN: FileCheck %s --check-prefix=READER --input-file %t/reader.cpp
# The stencil written element by element in a T.Parallel nest over tensors: B3 first stages
# each distinct window of A through an on-chip block (the shifted ones become shifted loads),
# the store through a block copied out, then lowers the nest over the blocks. (The device
# tensor of the example is padded to 5x4 tiles, the reach of its windows past the end: zeros.)
# RUN: %tltt compile %S/../../e2e/kernels/stencil_parallel.py --stop-after=B3 --print-after=B3 2>&1 | FileCheck %s --check-prefix=B3

# C2: tt.read_tiles(region(A[by * 32 +: 32, bx * 32 +: 32]), region(mid))
# C2-NEXT: tt.read_tiles(region(A[by * 32 - 1 +: 32, bx * 32 +: 32]), region(up), shifted=true)
# C2-NEXT: tt.read_tiles(region(A[by * 32 + 1 +: 32, bx * 32 +: 32]), region(down), shifted=true)
# C2-NEXT: tt.read_tiles(region(A[by * 32 +: 32, bx * 32 - 1 +: 32]), region(left), shifted=true)
# C2-NEXT: tt.read_tiles(region(A[by * 32 +: 32, bx * 32 + 1 +: 32]), region(right), shifted=true)

# D3: remark: gathers the 32x32 window of 'A' at [by * 32 - 1, bx * 32] (off the tile grid) into CB 'up': one noc_async_read of 64 bytes per face row of the tiles it straddles, zeros outside the tensor's 5x4 tiles, one barrier, cb_push_back [cb-noc-protocol.shifted]
# D3: remark: gathers the 32x32 window of 'A' at [by * 32, bx * 32 - 1] (off the tile grid) into CB 'left': one noc_async_read of 64 bytes per face row of the tiles it straddles, each row of a tile shifted into place in L1 by the RISC-V (two barriers per tile row: the columns are not a multiple of 16 off the tiles), zeros outside the tensor's 5x4 tiles, one barrier, cb_push_back [cb-noc-protocol.shifted]

# GATHER: func kernel_reader(
# GATHER: cb_reserve_back(region(up), 1)
# GATHER-NEXT: let [[ADDR:l1_write_addr[_0-9]*]]: int32 = get_write_ptr(region(up))
# GATHER-NEXT: shift_gather([[ADDR]], A_accessor, by * 32 - 1, bx * 32, 32, 32, 5, 4, 4, 0)
# GATHER-NEXT: noc_async_read_barrier()
# GATHER-NEXT: cb_push_back(region(up), 1)

# B3: copy A[(by + 1) * 32 +: 32, (bx + 1) * 32 +: 32] -> A_block
# B3-NEXT: copy A[(by + 1) * 32 - 1 +: 32, (bx + 1) * 32 +: 32] -> A_block1
# B3-NEXT: copy A[(by + 1) * 32 + 1 +: 32, (bx + 1) * 32 +: 32] -> A_block2
# B3-NEXT: copy A[(by + 1) * 32 +: 32, (bx + 1) * 32 - 1 +: 32] -> A_block3
# B3-NEXT: copy A[(by + 1) * 32 +: 32, (bx + 1) * 32 + 1 +: 32] -> A_block4
# B3-NEXT: tt.sfpu({{.*}}region(B_block), tile.add(tile.mul(0.5f, region(A_block)), tile.mul(0.125f, {{.*}}
# B3-NEXT: copy B_block -> B[(by + 1) * 32 +: 32, (bx + 1) * 32 +: 32]

# READER: void shift_gather(uint32_t l1_addr, const Accessor& t, int32_t row0, int32_t col0, uint32_t rows,
# READER: noc_async_read(t.get_noc_addr(page, off), dst, face_row);
# READER: shift_gather([[A1:l1_write_addr[_0-9]*]], A_accessor, by * 32 - 1, bx * 32, 32, 32, 5, 4, 4, 0);
# READER: shift_gather([[A2:l1_write_addr[_0-9]*]], A_accessor, by * 32, bx * 32 + 1, 32, 32, 5, 4, 4, 0);
