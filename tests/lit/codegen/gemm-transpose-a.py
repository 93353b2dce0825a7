# GEMM with transpose_A: A is stored [K, M]; the reader moves A's [bK, bM] block as is, the
# compute kernel transposes every tile (transpose_wh_tile) into the [bM, bK] block CB A_s_t in
# [M, K] tile order, then runs the matmul on A_s_t with partials spilled between K steps.
# (D9 operand-movers off: this checks the reader's A reads, which D9 would move to the writer.)
# RUN: rm -rf %t && %tltt compile %s -o %t --disable-pass operand-movers
# RUN: FileCheck %s --check-prefix=READER --input-file %t/reader.cpp
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# RUN: %tltt compile %s --stop-after=C2 --print-after=C2 | FileCheck %s --check-prefix=C2
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_tn(M, N, K, bM, bN, bK, dtype="bfloat16", accum_dtype="float32"):

    @T.prim_func
    def gemm_tn(A: T.Tensor((K, M), dtype), B: T.Tensor((K, N), dtype),
                C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bK, bM), dtype)
            B_s = T.alloc_shared((bK, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), accum_dtype)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[k * bK, by * bM], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l, transpose_A=True)
            T.copy(C_l, C[by * bM, bx * bN])

    return gemm_tn


kernel = matmul_tn(128, 128, 256, 64, 64, 64)

# C2: alloc A_s_t: cb bfloat16[64, 64] {format = "Float16_b", num_pages = 4, page_size = 2048, tiles = [2, 2]}
# C2: tt.transpose_tiles(region(A_s), region(A_s_t))
# C2-NEXT: tt.matmul(region(A_s_t), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)

# A is [256, 128]: 4 tile columns; block rows k*2 + i (K), columns by*2 + j (M).
# READER: noc_async_read_tile((k * 2 + i) * 4 + (by * 2 + j), A_accessor, l1_write_addr + (i * 2 + j) * 2048);

# COMPUTE: #include "api/compute/transpose_wh.h"
# COMPUTE: compute_kernel_hw_startup(cb_A_s_t, cb_B_s, cb_C_l_out);
# COMPUTE-NEXT: matmul_init(cb_A_s_t, cb_B_s, 0);
# COMPUTE: for (uint32_t k = 0; k < 4; ++k) {
# COMPUTE-NEXT: transpose_wh_init_short(cb_A_s);
# COMPUTE-NEXT: cb_wait_front(cb_A_s, 4);
# COMPUTE-NEXT: for (uint32_t i = 0; i < 2; ++i) {
# COMPUTE-NEXT: tile_regs_acquire();
# COMPUTE-NEXT: for (uint32_t d = 0; d < 2; ++d) {
# A_s_t tile (i, d) is the transpose of A_s tile (d, i): A_s index d * 2 + i.
# COMPUTE-NEXT: transpose_wh_tile(cb_A_s, d * 2 + i, d);
# COMPUTE: cb_reserve_back(cb_A_s_t, 2);
# COMPUTE: mm_block_init_short(cb_A_s_t, cb_B_s, 0, 2, 2, 2);
# COMPUTE-NEXT: cb_wait_front(cb_A_s_t, 4);
# COMPUTE: copy_tile(cb_C_l, d_2, d_2);
# COMPUTE: matmul_block(cb_A_s_t, cb_B_s, kk, kk * 2, 0, 0, 2, 2, 2);
# COMPUTE: cb_pop_front(cb_A_s, 4);
# COMPUTE-NEXT: cb_pop_front(cb_A_s_t, 4);
