# One small GEMM (2x2 blocks of one tile, two K steps) after every pass of the pipeline. The pass
# pages in docs/passes/ quote these CHECK lines as their before/after examples, and
# tests/docs/check_pass_docs.py fails if a quoted line is no longer here, so the docs follow the IR.
# RUN: %tltt parse %s | FileCheck %s --check-prefix=INPUT
# RUN: %tltt compile %s --stop-after=A1 --print-after=A1 | FileCheck %s --check-prefix=A1
# RUN: %tltt compile %s --stop-after=A2 --print-after=A2 | FileCheck %s --check-prefix=A2
# RUN: %tltt compile %s --stop-after=A3 --print-after=A3 | FileCheck %s --check-prefix=A3
# RUN: %tltt compile %s --stop-after=B1 --print-after=B1 | FileCheck %s --check-prefix=B1
# RUN: %tltt compile %s --stop-after=B2 --print-after=B2 | FileCheck %s --check-prefix=B2
# RUN: %tltt compile %s --stop-after=B4 --print-after=B4 | FileCheck %s --check-prefix=B4
# RUN: %tltt compile %s --stop-after=C1 --print-after=C1 | FileCheck %s --check-prefix=C1
# RUN: %tltt compile %s --stop-after=C2 --print-after=C2 | FileCheck %s --check-prefix=C2
# RUN: %tltt compile %s --stop-after=C3 --print-after=C3 | FileCheck %s --check-prefix=C3
# RUN: %tltt compile %s --stop-after=C4 --print-after=C4 | FileCheck %s --check-prefix=C4
# RUN: %tltt compile %s --stop-after=D1 --print-after=D1 | FileCheck %s --check-prefix=D1
# RUN: %tltt compile %s --stop-after=D2 --print-after=D2 | FileCheck %s --check-prefix=D2
# RUN: %tltt compile %s --stop-after=D3 --print-after=D3 | FileCheck %s --check-prefix=D3
# RUN: %tltt compile %s --stop-after=D4 --print-after=D4 | FileCheck %s --check-prefix=D4
# RUN: %tltt compile %s --stop-after=D5 --print-after=D5 | FileCheck %s --check-prefix=D5
# RUN: %tltt compile %s --stop-after=D6 --print-after=D6 | FileCheck %s --check-prefix=D6
# RUN: %tltt compile %s --stop-after=E1 --print-after=E1 | FileCheck %s --check-prefix=E1
# RUN: %tltt compile %s --stop-after=F --print-after=F | FileCheck %s --check-prefix=F
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

# A1: tt.buffer.A = {"dtype": "bfloat16", "layout": "interleaved", "memory": "DRAM", "tile_shape": [32, 32]}
# A1-SAME: tt.core_grid = [8, 8], tt.device = "wormhole_b0"

# A2: tt.cb_descriptors = {"A": {"buffer_name": "A", "data_format": "Float16_b", "depth": 2, "page_size": 2048,
# A2-SAME: tt.cb_summary = {"fits_in_l1": true, "total_l1_bytes": 12288, "total_streams": 3}

# A3: tt.param_roles = {"A": "input", "B": "input", "C": "output"}
# A3-SAME: tt.tensor_accessor.A = {"access_pattern": "input", "buffer_name": "A", "layout_ref": "tt.buffer.A", "layout_type": "interleaved", "memory": "DRAM", "sharding": {"enabled": false}, "stride_mode": "tiled", "tile_dims": [32, 32], "tile_size_bytes": 2048, "tiles_per_dim": [2, 2], "type": "abstract"}

# B1: tt.core_grid = [4, 1], tt.core_ranges = [{"extent": [4, 1], "start": [0, 0]}]
# B1-SAME: tt.num_cores = 4
# B1-SAME: tt.partition_mode = "global", tt.runtime_args = ["start_id", "count"]
# B1-SAME: tt.work_partition = {"(0,0)": [{"count": 1, "start_id": 0}], "(1,0)": [{"count": 1, "start_id": 1}], "(2,0)": [{"count": 1, "start_id": 2}], "(3,0)": [{"count": 1, "start_id": 3}]}
# B1-NEXT: launch (bx < 2, by < 2) {

# B2: tt.persistent_config = {"count_expr": "count", "loop_var": "block_id", "start_expr": "start_id"}
# B2-NEXT: let start_id: int32 = tt.runtime_arg("start_id")
# B2-NEXT: let count: int32 = tt.runtime_arg("count")
# B2-NEXT: for block_id in persistent(start_id +: count) {
# B2-NEXT: let bx: int32 = block_id % 2
# B2-NEXT: let by: int32 = block_id // 2

# B4 has nothing to fuse in a GEMM; it drops the DST budget B3 recorded for it.
# B4: IR after fuse-sfpu-steps (B4)
# B4-NOT: tt.sfpu_dst_capacity

# C1: tt.shared_to_cb_map = {"A_s": "A_s", "B_s": "B_s", "C_l": "C_l", "C_l_out": "C_l"}
# C1-NEXT: alloc A_s: cb bfloat16[32, 32] {format = "Float16_b", num_pages = 2, page_size = 2048, tiles = [1, 1]}
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

# C3: tt.cb_indices = {"A_s": 0, "B_s": 1, "C_l": 24, "C_l_out": 16}
# C3-NEXT: alloc A_s: cb bfloat16[32, 32] {cb_index = 0, format = "Float16_b", num_pages = 2, page_size = 2048, role = "input", tiles = [1, 1]}
# C3-NEXT: alloc B_s: cb bfloat16[32, 32] {cb_index = 1, format = "Float16_b", num_pages = 2, page_size = 2048, role = "input", tiles = [1, 1]}
# C3-NEXT: alloc C_l: cb float32[32, 32] {cb_index = 24, format = "Float32", num_pages = 1, page_size = 4096, role = "intermediate", tiles = [1, 1]}
# C3-NEXT: alloc C_l_out: cb bfloat16[32, 32] {cb_index = 16, format = "Float16_b", num_pages = 2, page_size = 2048, role = "output", tiles = [1, 1]}
# C3: tt.matmul(region(A_s), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)
# C3-NOT: cb_pop_front

# C4: tt.matmul(region(A_s), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)
# C4-NEXT: cb_pop_front(region(A_s), 1)
# C4-NEXT: cb_pop_front(region(B_s), 1)

# D1: func gemm_reader(
# D1-SAME: tt.kernel_role = "reader"
# D1: tt.read_tiles(region(A[by * 32 +: 32, k * 32 +: 32]), region(A_s))
# D1: func gemm_compute(
# D1-SAME: tt.kernel_role = "compute"
# D1: tt.matmul(region(A_s), region(B_s), region(C_l), k != 0, transpose_a=false, transpose_b=false)
# D1: func gemm_writer(
# D1-SAME: tt.kernel_role = "writer"
# D1: tt.write_tiles(region(C_l_out), region(C[by * 32 +: 32, bx * 32 +: 32]))

# D2: func gemm_reader(
# D2-SAME: tt.accessor_order = ["A", "B"]
# D2: let A_addr: int32 = tt.runtime_arg("A_addr")
# D2-NEXT: let A_accessor: handle = tt.tensor_accessor(0, A_addr, 2048)
# D2: tt.read_tiles(region(A[by * 32 +: 32, k * 32 +: 32]), region(A_s), A_accessor)

# D3: func gemm_reader(
# D3-SAME: tt.cb_protocol_inserted = true
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

# D4: func gemm_compute(
# D4-SAME: tt.compute_config = {"dst_capacity": 4, "fp32_dest_acc_en": true, "math_approx_mode": false, "math_fidelity": "HiFi4"}
# D4: compute_kernel_hw_startup(region(A_s), region(B_s), region(C_l_out))
# D4-NEXT: matmul_init(region(A_s), region(B_s), 0)

# D5: func gemm_compute(
# D5-SAME: tt.dst_pattern = "accumulation"
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

# E1: func gemm_reader(
# E1-SAME: tt.runtime_args = ["A_addr", "B_addr", "start_id", "count"], tt.runtime_args_finalized = true
# E1: let A_addr: int32 = get_arg_val(0, template="uint32_t")
# E1: let B_addr: int32 = get_arg_val(1, template="uint32_t")
# E1-NEXT: let B_accessor: handle = tt.tensor_accessor(1, B_addr, 2048)
# E1: let start_id: int32 = get_arg_val(2, template="uint32_t")
# E1-NEXT: let count: int32 = get_arg_val(3, template="uint32_t")

# F: func gemm_compute(
# F-SAME: tt.cb_summary = {"fits_in_l1": true, "total_l1_bytes": 12288, "total_streams": 3}
# F: func gemm_writer(
# F-SAME: tt.runtime_args = ["C_addr", "start_id", "count"]
