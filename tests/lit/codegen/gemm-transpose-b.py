# GEMM with transpose_B: B is stored [N, K]; the reader walks B's tiles along K, the compute
# kernel sets the matmul transpose flag and indexes B's block as [n][k].
# (operand-multicast off: this checks the per-core reads and the 6x1 core row of B1.)
# RUN: rm -rf %t && %tltt compile %s -o %t --disable-pass operand-multicast
# RUN: FileCheck %s --check-prefix=READER --input-file %t/reader.cpp
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# RUN: FileCheck %s --check-prefix=WRITER --input-file %t/writer.cpp
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/main.cpp
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_nt(M, N, K, bM, bN, bK, dtype="float16", accum_dtype="float32"):

    @T.prim_func
    def gemm_nt(A: T.Tensor((M, K), dtype), B: T.Tensor((N, K), dtype),
                C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), dtype)
            B_s = T.alloc_shared((bN, bK), dtype)
            C_l = T.alloc_fragment((bM, bN), accum_dtype)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[bx * bN, k * bK], B_s)
                T.gemm(A_s, B_s, C_l, transpose_B=True)
            T.copy(C_l, C[by * bM, bx * bN])

    return gemm_nt


kernel = matmul_nt(128, 192, 256, 64, 64, 64)

# READER: #include "api/dataflow/dataflow_api.h"
# READER: void kernel_main() {
# READER: constexpr uint32_t cb_A_s = tt::CBIndex::c_0;
# READER: constexpr uint32_t cb_B_s = tt::CBIndex::c_1;
# READER: constexpr auto A_accessor_args = TensorAccessorArgs<0>();
# READER: constexpr auto B_accessor_args = TensorAccessorArgs<A_accessor_args.next_compile_time_args_offset()>();
# READER: for (uint32_t block_id = start_id; block_id < start_id + count; ++block_id) {
# READER-NEXT: const uint32_t bx = block_id % 3;
# READER-NEXT: const uint32_t by = block_id / 3;
# B is [192, 256]: 8 tile columns; block rows bx*2 + i, K tiles k*2 + j.
# READER: noc_async_read_tile((bx * 2 + i_1) * 8 + (k * 2 + j_1), B_accessor, l1_write_addr_1 + (i_1 * 2 + j_1) * 2048);

# COMPUTE: compute_kernel_hw_startup(cb_A_s, cb_B_s, cb_C_l_out);
# COMPUTE-NEXT: matmul_init(cb_A_s, cb_B_s, 1);
# COMPUTE: tile_regs_acquire();
# COMPUTE-NEXT: for (uint32_t k = 0; k < 4; ++k) {
# COMPUTE-NEXT: cb_wait_front(cb_A_s, 4);
# COMPUTE-NEXT: cb_wait_front(cb_B_s, 4);
# COMPUTE: matmul_tiles(cb_A_s, cb_B_s, i * 2 + kk, j * 2 + kk, i * 2 + j);
# COMPUTE: tile_regs_commit();
# COMPUTE-NEXT: tile_regs_wait();
# COMPUTE-NEXT: cb_reserve_back(cb_C_l_out, 4);

# WRITER: cb_wait_front(cb_C_l_out, 4);
# WRITER: noc_async_write_tile((by * 2 + i) * 6 + (bx * 2 + j), C_accessor, l1_read_addr + (i * 2 + j) * 2048);
# WRITER: noc_async_write_barrier();
# WRITER-NEXT: cb_pop_front(cb_C_l_out, 4);

# PLAN: "schema_version": 2,
# PLAN: "core_grid": [
# PLAN-NEXT: 6,
# PLAN-NEXT: 1
# PLAN: "fp32_dest_acc_en": true,

# HOST: ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = true}
# HOST: SetRuntimeArgs(program, reader, core, {A_addr, B_addr, w.start_id, w.count});
# HOST: untilize_nfaces(tiled, 128, 192)
