# A GEMM output block wider than DST (block N = 256: 8 fp32 tiles per row, DST holds 4) is
# computed in 1 x 4 sub-blocks (out_subblock_h x out_subblock_w) with partial spill/reload;
# on the last K step they pack out of order (pack_tile<true>) into the reserved output block.
# RUN: rm -rf %t && %tltt compile %s -o %t
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# RUN: %tltt compile %s --entry 'matmul(128, 512, 128, 32, 512, 32, "bfloat16")' --stop-after=D5 --print-after=D5 | FileCheck %s --check-prefix=ACC16
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, bM, bN, bK, accum_dtype="float32"):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), accum_dtype)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * bM, bx * bN])

    return gemm


kernel = matmul(128, 512, 128, 64, 256, 32)

# COMPUTE: cb_wait_front(cb_B_s, 8);
# COMPUTE-NEXT: if (k == 3) {
# COMPUTE-NEXT: cb_reserve_back(cb_C_l_out, 16);
# COMPUTE-NEXT: }
# COMPUTE-NEXT: for (uint32_t sb = 0; sb < 2; ++sb) {
# COMPUTE-NEXT: for (uint32_t sbn = 0; sbn < 2; ++sbn) {
# COMPUTE: matmul_block(cb_A_s, cb_B_s, sb, sbn * 4, 0, 0, 4, 1, 1);
# COMPUTE: pack_tile<true>(j, cb_C_l_out, sb * 8 + (sbn * 4 + j));
# COMPUTE: cb_push_back(cb_C_l_out, 16);

# 16-bit DST holds 8 tiles: a 16-tile row is split in two 1 x 8 sub-blocks.
# ACC16: for sbn in serial(0 +: 2) {
# ACC16: matmul_block(region(A_s), region(B_s), 0, sbn * 8, 0, 0, 8, 1, 1)
