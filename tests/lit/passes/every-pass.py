# One small GEMM (2x2 blocks of one tile, two K steps) after every pass of the pipeline. The pass
# pages in docs/passes/ quote these CHECK lines as their before/after examples, and
# tests/docs/check_pass_docs.py fails if a quoted line is no longer here, so the docs follow the IR.
# B0 (work-decomposition) is off: it would re-block this GEMM (a longer K step), and the pages show
# every other pass on the blocks the kernel names.
# RUN: %tltt parse %s | FileCheck %s --check-prefix=INPUT
# RUN: %tltt compile %s --stop-after=A1 --print-after=A1 --disable-pass work-decomposition | FileCheck %s --check-prefix=A1
# RUN: %tltt compile %s --stop-after=A2 --print-after=A2 --disable-pass work-decomposition | FileCheck %s --check-prefix=A2
# RUN: %tltt compile %s --stop-after=A3 --print-after=A3 --disable-pass work-decomposition | FileCheck %s --check-prefix=A3
# RUN: %tltt compile %s --stop-after=B1 --print-after=B1 --disable-pass work-decomposition | FileCheck %s --check-prefix=B1
# RUN: %tltt compile %s --stop-after=B2 --print-after=B2 --disable-pass work-decomposition | FileCheck %s --check-prefix=B2
# RUN: %tltt compile %s --stop-after=B4 --print-after=B4 --disable-pass work-decomposition | FileCheck %s --check-prefix=B4
# RUN: %tltt compile %s --stop-after=C1 --print-after=C1 --disable-pass work-decomposition | FileCheck %s --check-prefix=C1
# RUN: %tltt compile %s --stop-after=C2 --print-after=C2 --disable-pass work-decomposition | FileCheck %s --check-prefix=C2
# RUN: %tltt compile %s --stop-after=C3 --print-after=C3 --disable-pass work-decomposition | FileCheck %s --check-prefix=C3
# RUN: %tltt compile %s --stop-after=C4 --print-after=C4 --disable-pass work-decomposition | FileCheck %s --check-prefix=C4
# RUN: %tltt compile %s --stop-after=D1 --print-after=D1 --disable-pass work-decomposition | FileCheck %s --check-prefix=D1
# RUN: %tltt compile %s --stop-after=D2 --print-after=D2 --disable-pass work-decomposition | FileCheck %s --check-prefix=D2
# RUN: %tltt compile %s --stop-after=D3 --print-after=D3 --disable-pass work-decomposition | FileCheck %s --check-prefix=D3
# RUN: %tltt compile %s --stop-after=D4 --print-after=D4 --disable-pass work-decomposition | FileCheck %s --check-prefix=D4
# RUN: %tltt compile %s --stop-after=D5 --print-after=D5 --disable-pass work-decomposition | FileCheck %s --check-prefix=D5
# RUN: %tltt compile %s --stop-after=D6 --print-after=D6 --disable-pass work-decomposition | FileCheck %s --check-prefix=D6
# RUN: %tltt compile %s --stop-after=E1 --print-after=E1 --disable-pass work-decomposition --disable-pass operand-multicast | FileCheck %s --check-prefix=E1
# RUN: %tltt compile %s --stop-after=F --print-after=F --disable-pass work-decomposition --disable-pass operand-movers | FileCheck %s --check-prefix=F
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, bM, bN, bK):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * bM, bx * bN])

    return gemm


kernel = matmul(64, 64, 64, 32, 32, 32)

# INPUT: launch (bx < 2, by < 2) {
# INPUT-NEXT: alloc A_s: shared bfloat16[32, 32]
# INPUT-NEXT: alloc B_s: shared bfloat16[32, 32]
# INPUT-NEXT: alloc C_l: fragment float32[32, 32]
# INPUT-NEXT: fill C_l, 0.0f
# INPUT-NEXT: for k in pipelined(0 +: 2, num_stages=2) {
# INPUT-NEXT: copy A[by * 32 +: 32, k * 32 +: 32] -> A_s
# INPUT-NEXT: copy B[k * 32 +: 32, bx * 32 +: 32] -> B_s
# INPUT-NEXT: gemm A_s, B_s -> C_l
# INPUT-NEXT: }
# INPUT-NEXT: copy C_l -> C[by * 32 +: 32, bx * 32 +: 32]

# A1: kernel gemm on wormhole_b0 [8, 8]
# A1-NEXT: tensor A: bfloat16[64, 64] DRAM interleaved, unused, page 2048

# A2: // IR after propagate-layout (A2) (unchanged)

# A3: tensor A: bfloat16[64, 64] DRAM interleaved, input, page 2048
# A3: tensor C: bfloat16[64, 64] DRAM interleaved, output, page 2048

# B1: partition global, grid [4, 1], cores [(0,0)+(4,1)], blocks [2, 2]
# B1-NEXT: work (0,0) 0+1, (1,0) 1+1, (2,0) 2+1, (3,0) 3+1
# B1: launch (bx < 2, by < 2) {

# B2: let start_id: int32 = tt.runtime_arg("start_id")
# B2-NEXT: let count: int32 = tt.runtime_arg("count")
# B2-NEXT: for block_id in persistent(start_id +: count) {
# B2-NEXT: let bx: int32 = block_id % 2
# B2-NEXT: let by: int32 = block_id // 2

# B4 has nothing to fuse in a GEMM; it drops the DST budget B3 recorded for it.
# B4: IR after fuse-sfpu-steps (B4)
# B4-NOT: tt.sfpu_dst_capacity

# C1: alloc A_s: cb bfloat16[32, 32] {format = "Float16_b", num_pages = 2, page_size = 2048, tiles = [1, 1]}
# C1-NEXT: alloc B_s: cb bfloat16[32, 32] {format = "Float16_b", num_pages = 2, page_size = 2048, tiles = [1, 1]}
# C1-NEXT: alloc C_l: cb float32[32, 32] {format = "Float32", num_pages = 1, page_size = 4096, tiles = [1, 1]}
# C1-NEXT: alloc C_l_out: cb bfloat16[32, 32] {format = "Float16_b", num_pages = 2, page_size = 2048, tiles = [1, 1]}
# C1: copy C_l -> C_l_out
# C1-NEXT: copy C_l_out -> C[by * 32 +: 32, bx * 32 +: 32]

# C2: tt.read_tiles(region(A[by * 32 +: 32, k * 32 +: 32]), region(A_s))
# C2-NEXT: tt.read_tiles(region(B[k * 32 +: 32, bx * 32 +: 32]), region(B_s))
# C2-NEXT: tt.matmul(region(A_s), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)
# C2: tt.copy_tiles(region(C_l), region(C_l_out))
# C2-NEXT: tt.write_tiles(region(C_l_out), region(C[by * 32 +: 32, bx * 32 +: 32]))

# C3: cb 0 A_s: Float16_b, 2 x 2048 B, input, reader -> compute
# C3-NEXT: cb 1 B_s: Float16_b, 2 x 2048 B, input, reader -> compute
# C3-NEXT: cb 16 C_l_out: Float16_b, 2 x 2048 B, output, compute -> writer
# C3-NEXT: cb 24 C_l: Float32, 1 x 4096 B, intermediate, compute -> compute
# C3: alloc A_s: cb bfloat16[32, 32] {cb_index = 0, format = "Float16_b", num_pages = 2, page_size = 2048, tiles = [1, 1]}
# C3-NEXT: alloc B_s: cb bfloat16[32, 32] {cb_index = 1, format = "Float16_b", num_pages = 2, page_size = 2048, tiles = [1, 1]}
# C3-NEXT: alloc C_l: cb float32[32, 32] {cb_index = 24, format = "Float32", num_pages = 1, page_size = 4096, tiles = [1, 1]}
# C3-NEXT: alloc C_l_out: cb bfloat16[32, 32] {cb_index = 16, format = "Float16_b", num_pages = 2, page_size = 2048, tiles = [1, 1]}
# C3: tt.matmul(region(A_s), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)
# C3-NOT: cb_pop_front

# C4: tt.matmul(region(A_s), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)
# C4-NEXT: cb_pop_front(region(A_s), 1)
# C4-NEXT: cb_pop_front(region(B_s), 1)

# D1: reader gemm_reader: args [], accessors []
# D1-NEXT: compute gemm_compute: args [], accessors []
# D1-NEXT: writer gemm_writer: args [], accessors []
# D1: func gemm_reader(
# D1: tt.read_tiles(region(A[by * 32 +: 32, k * 32 +: 32]), region(A_s))
# D1: func gemm_compute(
# D1: tt.matmul(region(A_s), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)
# D1: func gemm_writer(
# D1: tt.write_tiles(region(C_l_out), region(C[by * 32 +: 32, bx * 32 +: 32]))

# D2: reader gemm_reader: args [], accessors [A, B]
# D2: func gemm_reader(
# D2: let A_addr: int32 = tt.runtime_arg("A_addr")
# D2-NEXT: let A_accessor: handle = tt.tensor_accessor(0, A_addr, 2048)
# D2: tt.read_tiles(region(A[by * 32 +: 32, k * 32 +: 32]), region(A_s), A_accessor)

# D3: func gemm_reader(
# D3: cb_reserve_back(region(A_s), 1)
# D3-NEXT: let l1_write_addr: int32 = get_write_ptr(region(A_s))
# D3-NEXT: noc_async_read_tile(by * 2 + k, A_accessor, l1_write_addr)
# D3-NEXT: noc_async_read_barrier()
# D3-NEXT: cb_push_back(region(A_s), 1)
# D3: func gemm_writer(
# D3: cb_wait_front(region(C_l_out), 1)
# D3-NEXT: let l1_read_addr: int32 = get_read_ptr(region(C_l_out))
# D3-NEXT: noc_async_write_tile(by * 2 + bx, C_accessor, l1_read_addr)
# D3-NEXT: noc_async_write_barrier()
# D3-NEXT: cb_pop_front(region(C_l_out), 1)

# D4: compute HiFi4, fp32_dest_acc, dst 4
# D4: func gemm_compute(
# D4: compute_kernel_hw_startup(region(A_s), region(B_s), region(C_l_out))
# D4-NEXT: matmul_init(region(A_s), region(B_s), 0)

# D5: cb 16 C_l_out: Float16_b, 2 x 2048 B, output, compute -> writer
# D5-NOT: cb 24 C_l
# D5: func gemm_compute(
# D5: tile_regs_acquire()
# D5-NEXT: for k in pipelined(0 +: 2, num_stages=2) {
# D5-NEXT: cb_wait_front(region(A_s), 1)
# D5-NEXT: cb_wait_front(region(B_s), 1)
# D5-NEXT: matmul_tiles(region(A_s), region(B_s), 0, 0, 0)
# D5: tile_regs_commit()
# D5-NEXT: tile_regs_wait()
# D5-NEXT: cb_reserve_back(region(C_l_out), 1)
# D5-NEXT: pack_tile(0, region(C_l_out))
# D5-NEXT: cb_push_back(region(C_l_out), 1)
# D5-NEXT: tile_regs_release()
# D5-NOT: tt.matmul

# D6: func gemm_reader(
# D6-NOT: tt.read_tiles
# D6: func gemm_compute(
# D6-NOT: tt.matmul
# D6: func gemm_writer(
# D6-NOT: tt.write_tiles

# E1: reader gemm_reader: args [A.addr, B.addr, start_id, count], accessors [A, B]
# E1: func gemm_reader(
# E1: let A_addr: int32 = get_arg_val(0, template="uint32_t")
# E1: let B_addr: int32 = get_arg_val(1, template="uint32_t")
# E1-NEXT: let B_accessor: handle = tt.tensor_accessor(1, B_addr, 2048)
# E1: let start_id: int32 = get_arg_val(2, template="uint32_t")
# E1-NEXT: let count: int32 = get_arg_val(3, template="uint32_t")

# F: writer gemm_writer: args [C.addr, start_id, count], accessors [C]
# F: func gemm_compute(
# F: func gemm_writer(
