# D7 overlap-data-movement (an optimization pass): reads on NoC 0 and writes on NoC 1,
# (operand-multicast, which adds its handshake after the barrier, is off in the first run)
# consecutive transfers into distinct double-buffered CBs under one barrier; disabled, the kernels are what D3 made (every later golden at -O0 is unchanged).
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/gemm.py -o %t/on --remarks=D7 --disable-pass operand-multicast --disable-pass work-decomposition 2> %t/remarks.txt
# RUN: FileCheck %s --check-prefix=REMARKS --input-file %t/remarks.txt
# REMARKS: remark: reader on NoC 0 (reads), writer on NoC 1 (writes)
# REMARKS: remark: reads of CBs A_tile, B_tile (4 tiles) issued together under one barrier instead of 2
# RUN: FileCheck %s --check-prefix=READER --input-file %t/on/reader.cpp
# READER: cb_reserve_back(cb_A_tile, 2);
# READER: noc_async_read_tile(
# READER-NOT: noc_async_read_barrier
# READER: cb_reserve_back(cb_B_tile, 2);
# READER: noc_async_read_tile(
# READER: noc_async_read_barrier();
# READER-NEXT: cb_push_back(cb_A_tile, 2);
# READER-NEXT: cb_push_back(cb_B_tile, 2);
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/on/main.cpp
# HOST: program, "reader.cpp", cores,
# HOST-NEXT: DataMovementProcessor::RISCV_1, .noc = NOC::NOC_0,
# HOST: program, "writer.cpp", cores,
# HOST-NEXT: DataMovementProcessor::RISCV_0, .noc = NOC::NOC_1,
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/on/tt.plan.json
# PLAN: "function": "gemm_reader"
# PLAN: "noc": 0
# PLAN: "function": "gemm_writer"
# PLAN: "noc": 1

# Disabled (by name, with operand-multicast, which puts the reader on NoC 0 too, or with -O0):
# one barrier per CB, each kernel on its processor's default NoC.
# RUN: %tltt compile %examples/gemm.py -o %t/off --disable-pass overlap-data-movement --disable-pass operand-multicast --disable-pass gemm-block-schedule --disable-pass work-decomposition
# RUN: %tltt compile %examples/gemm.py -o %t/o0 -O0
# RUN: diff -r %t/off %t/o0
# RUN: FileCheck %s --check-prefix=OFF --input-file %t/off/reader.cpp
# OFF: noc_async_read_barrier();
# OFF-NEXT: cb_push_back(cb_A_tile, 2);
# OFF: noc_async_read_barrier();
# OFF-NEXT: cb_push_back(cb_B_tile, 2);
# RUN: FileCheck %s --check-prefix=OFFHOST --input-file %t/off/main.cpp
# OFFHOST: DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default,
# RUN: not grep -q '"noc"' %t/off/tt.plan.json

# Every CB the reader fills is double-buffered by C1 even with num_stages=1, so the batch applies;
# the plan carries each data-movement kernel's NoC.
# RUN: %tltt compile %s --entry 'matmul(128, 128, 128, 64, 64, 32, 1)' --print-after=D7 --stop-after=D7 --remarks=D7 2>&1 | FileCheck %s --check-prefix=STAGES1
# STAGES1: remark: reads of CBs A_s, B_s (4 tiles) issued together under one barrier instead of 2
# STAGES1: cb 0 A_s: Float16_b, 4 x 2048 B
# STAGES1: reader gemm_reader: args [], accessors [A, B], noc 0
# STAGES1: writer gemm_writer: args [], accessors [C], noc 1

# LayerNorm: the row block and both vectors are read under one barrier; the three outputs are
# written under one.
# RUN: %tltt compile %examples/layernorm.py --remarks=D7 --stop-after=D7 2>&1 | FileCheck %s --check-prefix=NORM
# NORM: remark: reads of CBs x_s, g_s, b_s (24 tiles) issued together under one barrier instead of 3
# NORM: remark: writes of CBs mean_out, rstd_out, y_s (10 tiles) issued together under one barrier instead of 3
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, stages):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_s = T.alloc_shared((block_M, block_K), "bfloat16")
            B_s = T.alloc_shared((block_K, block_N), "bfloat16")
            C_l = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=stages):
                T.copy(A[by * block_M, k * block_K], A_s)
                T.copy(B[k * block_K, bx * block_N], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * block_M, bx * block_N])

    return gemm
