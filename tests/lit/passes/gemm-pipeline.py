# The GEMM through the pipeline: persistent loop (B2), CBs (C1), protocol-less ops (C2),
# DST management (D5), per-pass dumps and the timing table.
# RUN: %tltt compile %s --stop-after=B2 --print-after=B2 | FileCheck %s --check-prefix=B2
# RUN: %tltt compile %s --stop-after=C2 --print-after=C1 | FileCheck %s --check-prefix=C1
# RUN: %tltt compile %s --stop-after=C2 --print-after=C2 | FileCheck %s --check-prefix=C2
# RUN: %tltt compile %s --stop-after=D5 --print-after=D5 | FileCheck %s --check-prefix=D5
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %s --dump-ir %t/ir --time-passes -o %t/out 2> %t/time.txt
# RUN: FileCheck %s --check-prefix=DUMP --input-file %t/ir/12_grid-to-persistent.tir
# RUN: FileCheck %s --check-prefix=TIME --input-file %t/time.txt
# RUN: ls %t/ir | FileCheck %s --check-prefix=FILES
# RUN: %tltt compile %examples/elementwise_add.py --device blackhole --entry 'vector_add(1024, 1024, 32, 64)' --stop-after=B1 --print-after=B1 | FileCheck %s --check-prefix=BH
# RUN: %tltt compile %s --device blackhole --entry 'matmul(1024, 1024, 256, 32, 64, 64)' --disable-pass operand-multicast --stop-after=B1 --print-after=B1 | FileCheck %s --check-prefix=BHGEMM
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), "bfloat16")
            B_shared = T.alloc_shared((block_K, block_N), "bfloat16")
            C_local = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(256, 512, 256, 64, 128, 32)

# 4 x 4 = 16 blocks on 16 of the 64 Wormhole cores, one block each.
# B2: partition global, grid [8, 2], cores [(0,0)+(8,2)], blocks [4, 4]
# B2-NEXT: work (0,0) 0+1, (1,0) 1+1,
# B2: let start_id: int32 = tt.runtime_arg("start_id")
# B2-NEXT: let count: int32 = tt.runtime_arg("count")
# B2-NEXT: for block_id in persistent(start_id +: count) {
# B2-NEXT: let bx: int32 = block_id % 4
# B2-NEXT: let by: int32 = block_id // 4

# C1: alloc A_shared: cb bfloat16[64, 32] {format = "Float16_b", num_pages = 6, page_size = 2048, tiles = [2, 1]}
# C1: alloc C_local: cb float32[64, 128] {format = "Float32", num_pages = 8, page_size = 4096, tiles = [2, 4]}
# C1: alloc C_local_out: cb bfloat16[64, 128] {format = "Float16_b", num_pages = 16, page_size = 2048, tiles = [2, 4]}

# C2: for k in pipelined(0 +: 8, num_stages=3) {
# C2-NEXT: tt.read_tiles(region(A[by * 64 +: 64, k * 32 +: 32]), region(A_shared))
# C2-NEXT: tt.read_tiles(region(B[k * 32 +: 32, bx * 128 +: 128]), region(B_shared))
# C2-NEXT: tt.matmul(region(A_shared), region(B_shared), region(C_local), k != 0, transpose_a=false, transpose_b=false)
# C2: tt.copy_tiles(region(C_local), region(C_local_out))
# C2-NEXT: tt.write_tiles(region(C_local_out), region(C[by * 64 +: 64, bx * 128 +: 128]))

# 2 x 4 = 8 output tiles exceed the 4 fp32 DST tiles: two matmul_block sub-blocks of one tile
# row, partials accumulated in C_local by the packer (D4a) and reloaded for the last K step.
# D5: func gemm_compute
# D5: mm_block_init_short(region(A_shared), region(B_shared), 0, 4, 1, 1)
# D5-NEXT: for k in pipelined(0 +: 8, num_stages=3) {
# D5-NEXT: cb_wait_front(region(A_shared), 2)
# D5-NEXT: cb_wait_front(region(B_shared), 4)
# D5-NEXT: for sb in serial(0 +: 2) {
# D5-NEXT: tile_regs_acquire()
# D5-NEXT: if k != 0 {
# D5-NEXT: if k == 7 {
# D5-NEXT: copy_tile_to_dst_init_short(region(C_local))
# D5: matmul_block(region(A_shared), region(B_shared), sb, 0, 0, 0, 4, 1, 1)
# The fp32 partials and the bf16 result need the packer reconfigured between them.
# D5: if k == 7 {
# D5-NEXT: pack_reconfig_l1_acc(0)
# D5-NEXT: pack_reconfig_data_format(region(C_local_out))
# D5-NEXT: cb_reserve_back(region(C_local_out), 4)
# D5: } else {
# D5-NEXT: pack_reconfig_l1_acc(k != 0)
# D5-NEXT: pack_reconfig_data_format(region(C_local))
# D5-NEXT: cb_reserve_back(region(C_local), 4)

# DUMP: for block_id in persistent(start_id +: count) {
# TIME: pass timing
# TIME: total
# FILES: 00_input.tir
# FILES: {{[0-9]+}}_verify-tt-ir.tir

# 32 x 16 = 512 blocks over all 110 Blackhole cores: 72 cores get 5 blocks, 38 get 4 (an
# element-wise kernel: B0 re-blocks a GEMM with that many blocks, see BHGEMM).
# BH: partition global, grid [11, 10], cores [(0,0)+(11,10)], blocks [16, 32]
# BH-NEXT: work (0,0) 0+5,
# BH: (10,9) 508+4

# The same block count in a GEMM: B0 (work-decomposition) gives each of 32 cores one 256x128
# block (tests/lit/passes/work-decomposition.py has its reasons).
# BHGEMM: partition global, grid [11, 3], cores [(0,0)+(11,2), (0,2)+(10,1)], blocks [8, 4]
# BHGEMM-NEXT: work (0,0) 0+1,
