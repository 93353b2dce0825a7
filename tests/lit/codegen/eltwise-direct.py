# Element-wise ops written directly over tensors (no T.alloc_shared): each operand block is
# staged through a new CB by shared-to-cb, so the kernels look like the staged form.
# RUN: rm -rf %t && %tltt compile %s --entry 'binop(256, 512, 64, 128, "sub")' -o %t/sub
# RUN: FileCheck %s --check-prefix=SUB --input-file %t/sub/compute.cpp
# RUN: FileCheck %s --check-prefix=READER --input-file %t/sub/reader.cpp
# RUN: %tltt compile %s --entry 'binop(256, 512, 64, 128, "mul")' --device blackhole -o %t/mul
# RUN: FileCheck %s --check-prefix=MUL --input-file %t/mul/compute.cpp
# RUN: %tltt compile %s --entry 'binop(256, 512, 64, 128, "sub")' --stop-after=C1 --print-after=C1 | FileCheck %s --check-prefix=STAGED
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def binop(M, N, bM, bN, op):

    @T.prim_func
    def direct(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                if op == "sub":
                    C[by * bM + i, bx * bN + j] = A[by * bM + i, bx * bN + j] - B[by * bM + i, bx * bN + j]
                else:
                    C[by * bM + i, bx * bN + j] = A[by * bM + i, bx * bN + j] * B[by * bM + i, bx * bN + j]

    return direct

# STAGED: copy A[by * 64 +: 64, bx * 128 +: 128] -> A_block
# STAGED-NEXT: copy B[by * 64 +: 64, bx * 128 +: 128] -> B_block
# STAGED-NEXT: for i in parallel(0, 64) {
# STAGED-NEXT: for j in parallel(0, 128) {
# STAGED-NEXT: C_block[i, j] = A_block[i, j] - B_block[i, j]
# STAGED: copy C_block -> C[by * 64 +: 64, bx * 128 +: 128]

# 2 x 4 = 8 bf16 tiles per block: one DST chunk of 8.
# SUB: #include "api/compute/eltwise_binary.h"
# SUB: compute_kernel_hw_startup(cb_A_block, cb_B_block, cb_C_block);
# SUB-NEXT: sub_tiles_init(cb_A_block, cb_B_block);
# SUB: cb_wait_front(cb_A_block, 8);
# SUB-NEXT: cb_wait_front(cb_B_block, 8);
# SUB-NEXT: tile_regs_acquire();
# SUB-NEXT: for (uint32_t d = 0; d < 8; ++d) {
# SUB-NEXT: sub_tiles(cb_A_block, cb_B_block, d, d, d);
# SUB: pack_tile(d_1, cb_C_block);
# SUB: cb_pop_front(cb_A_block, 8);
# SUB-NEXT: cb_pop_front(cb_B_block, 8);

# C is [256, 512]: 16 tile columns.
# READER: noc_async_read_tile((by * 2 + i) * 16 + (bx * 4 + j), A_accessor, l1_write_addr + (i * 4 + j) * 2048);

# MUL: mul_tiles_init(cb_A_block, cb_B_block);
# MUL: mul_tiles(cb_A_block, cb_B_block, d, d, d);
