# A GEMM output block wider than DST (block N = 256: 8 fp32 tiles per row, DST holds 4) is
# computed in 1 x 4 sub-blocks (out_subblock_h x out_subblock_w) with partial spill/reload;
# on the last K step each one-row sub-block is packed and pushed on its own, in the block's
# page order, and the writer (D7) drains the output block one sub-block (4 tiles, half a row)
# at a time, so a block's first sub-blocks are written while its last ones are still computed.
# (D9 operand-movers off: it would put A's transfers ahead of the writes checked here.)
# RUN: rm -rf %t && %tltt compile %s -o %t --disable-pass operand-movers
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# RUN: FileCheck %s --check-prefix=WRITER --input-file %t/writer.cpp
# RUN: %tltt compile %s -o %t.remarks --disable-pass operand-movers --remarks=D7 2>&1 | FileCheck %s --check-prefix=REMARK
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
# COMPUTE-NEXT: for (uint32_t sb = 0; sb < 2; ++sb) {
# COMPUTE-NEXT: for (uint32_t sbn = 0; sbn < 2; ++sbn) {
# COMPUTE: matmul_block(cb_A_s, cb_B_s, sb, sbn * 4, 0, 0, 4, 1, 1);
# COMPUTE: if (k == 3) {
# COMPUTE: cb_reserve_back(cb_C_l_out, 4);
# COMPUTE-NEXT: for (uint32_t [[D:d_[0-9]+]] = 0; [[D]] < 4; ++[[D]]) {
# COMPUTE-NEXT: pack_tile([[D]], cb_C_l_out);
# COMPUTE-NEXT: }
# COMPUTE-NEXT: cb_push_back(cb_C_l_out, 4);
# COMPUTE-NOT: pack_tile<true>
# COMPUTE-NOT: cb_push_back(cb_C_l_out, 16);

# WRITER: for (uint32_t i = 0; i < 2; ++i) {
# WRITER-NEXT: for (uint32_t h = 0; h < 2; ++h) {
# WRITER-NEXT: cb_wait_front(cb_C_l_out, 4);
# WRITER-NEXT: const uint32_t l1_read_addr = get_read_ptr(cb_C_l_out);
# WRITER-NEXT: for (uint32_t j = 0; j < 4; ++j) {
# WRITER-NEXT: noc_async_write_tile((by * 2 + i) * 16 + (bx * 8 + (h * 4 + j)), C_accessor, l1_read_addr + j * 2048);
# WRITER-NEXT: }
# WRITER-NEXT: noc_async_write_barrier();
# WRITER-NEXT: cb_pop_front(cb_C_l_out, 4);

# REMARK: remark: writes of CB C_l_out (2x8 tiles) drained in groups of 4 tiles: compute pushes it 4 pages at a time

# 16-bit DST holds 8 tiles: a 16-tile row is split in two 1 x 8 sub-blocks.
# ACC16: for sbn in serial(0 +: 2) {
# ACC16: matmul_block(region(A_s), region(B_s), 0, sbn * 8, 0, 0, 8, 1, 1)
