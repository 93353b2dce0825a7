# T.fill values: a non-zero fill of the GEMM accumulator before the K loop starts the
# accumulation from fill_tile values in DST (C = v + A @ B); a fill of a block copied out is a
# tile fill (fill_tile + pack, B3). A fill inside the K loop or after it compiles with
# TileLang's meaning (restart / overwrite; run end to end in tests/e2e); a fill of a matmul
# operand that is also loaded from a tensor gives it a compute-owned twin (C1): every load is
# copied into it inside the K loop, a prologue of the matmul step, so the accumulator goes
# through its CB between K steps.
# RUN: rm -rf %t && %tltt compile %s --disable-pass=sfpu-tile-groups -o %t
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# RUN: rm -rf %t && %tltt compile %s --disable-pass=sfpu-tile-groups --entry 'mm(128, 128, 128, 128, 128, 32, 2.0, "before")' -o %t
# RUN: FileCheck %s --check-prefix=BLOCK --input-file %t/compute.cpp
# RUN: %tltt compile %s --disable-pass=sfpu-tile-groups --entry 'mm(128, 128, 128, 64, 64, 32, 2.0, "inside")' -o %t/inside
# RUN: %tltt compile %s --disable-pass=sfpu-tile-groups --entry 'mm(128, 128, 128, 64, 64, 32, 2.0, "after")' -o %t/after
# RUN: %tltt compile %s --disable-pass=sfpu-tile-groups --entry 'mm(128, 128, 128, 64, 64, 32, 2.0, "operand")' -o %t/operand
# RUN: FileCheck %s --check-prefix=OPERAND --input-file %t/operand/compute.cpp
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def mm(M, N, K, bM, bN, bK, v, where):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16"), D: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            D_s = T.alloc_shared((bM, bN), "bfloat16")
            if where == "before":
                T.fill(C_l, v)
            if where == "operand":
                T.fill(B_s, v)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                if where == "inside":
                    T.fill(C_l, v)
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            if where == "after":
                T.fill(C_l, v)
            T.copy(C_l, C[by * bM, bx * bN])
            T.fill(D_s, -v)
            T.copy(D_s, D[by * bM, bx * bN])

    return gemm


kernel = mm(128, 128, 128, 64, 64, 32, 1.5, "before")

# COMPUTE: #include "api/compute/eltwise_unary/fill.h"
# COMPUTE: for (uint32_t block_id = start_id; block_id < start_id + count; ++block_id) {
# COMPUTE-NEXT: tile_regs_acquire();
# COMPUTE-NEXT: fill_tile_init();
# COMPUTE-NEXT: for (uint32_t d = 0; d < 4; ++d) {
# COMPUTE-NEXT: fill_tile(d, 1.5f);
# COMPUTE: mm_block_init_short(cb_A_s, cb_B_s, 0, 2, 2, 1);
# COMPUTE-NEXT: for (uint32_t k = 0; k < 4; ++k) {
# COMPUTE: pack_tile(d_1, cb_C_l_out);
# The block fill.
# COMPUTE: fill_tile_init();
# COMPUTE: fill_tile(0, -1.5f);
# COMPUTE: pack_tile(0, cb_D_s);

# 128 x 128 fp32 blocks do not fit DST: sub-blocks start from the fill value on the first K step
# (later steps accumulate in L1 and reload the partials for the last one).
# BLOCK: if (k != 0) {
# BLOCK: copy_tile(cb_C_l, d, d);
# BLOCK: } else {
# BLOCK-NEXT: cb_wait_front(cb_C_l, 4);
# BLOCK-NEXT: cb_pop_front(cb_C_l, 4);
# BLOCK-NEXT: }
# BLOCK-NEXT: } else {
# BLOCK-NEXT: fill_tile_init();
# BLOCK-NEXT: for (uint32_t d_1 = 0; d_1 < 4; ++d_1) {
# BLOCK-NEXT: fill_tile(d_1, 2.0f);

# The operand's twin: the fill before the K loop, then per K step the copy of the load (the
# prologue), the matmul re-initialised after it, and the partials through C_l.
# OPERAND: fill_tile_init();
# OPERAND: pack_tile(0, cb_B_s_c);
# OPERAND: for (uint32_t k = 0; k < 4; ++k) {
# OPERAND-NEXT: copy_tile_to_dst_init_short(cb_B_s);
# OPERAND: pack_tile(d{{.*}}, cb_B_s_c);
# OPERAND: cb_pop_front(cb_B_s, 2);
# OPERAND-NEXT: mm_block_init_short(cb_A_s, cb_B_s_c, 0, 2, 2, 1);
# OPERAND: matmul_block(cb_A_s, cb_B_s_c,
# OPERAND: pack_reconfig_data_format(cb_C_l);
