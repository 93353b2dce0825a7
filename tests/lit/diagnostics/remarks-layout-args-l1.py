# Remarks of A1 (each tensor's layout and where it came from), E1 (each kernel's runtime
# arguments by kind) and F (the L1 the CBs use against the device's budget).
# RUN: %tltt compile %s --remarks=A1,E1,F --verify-diagnostics
# RUN: %tltt compile %s --device p150 --remarks=F 2>&1 | FileCheck %s --check-prefix=BH
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scale_add(M, N, bm, bn):

    @T.prim_func
    # expected-remark@+4 {{scale_add_reader reads 4 runtime argument(s) with get_arg_val: 0: tensor_address X, 1: tensor_address Y, 2: block_start, 3: block_count}}
    # expected-remark@+3 {{scale_add_compute reads 2 runtime argument(s) with get_arg_val: 0: block_start, 1: block_count}}
    # expected-remark@+2 {{scale_add_writer reads 3 runtime argument(s) with get_arg_val: 0: tensor_address Z, 1: block_start, 2: block_count}}
    # expected-remark@+1 {{the 3 circular buffers use 12288 of the 1417216 bytes of L1 per core available for them on wormhole_b0 (0.9%)}}
    def scale_add(
            # expected-remark@+1 {{tensor 'X': DRAM interleaved, 4x8 tiles of 2048 bytes (the default: no T.annotate_layout or --layout names it)}}
            X: T.Tensor((M, N), "bfloat16"),
            # expected-remark@+1 {{tensor 'Y': DRAM interleaved, 4x8 tiles of 2048 bytes (the default: no T.annotate_layout or --layout names it)}}
            Y: T.Tensor((M, N), "bfloat16"),
            # expected-remark@+1 {{tensor 'Z': DRAM interleaved, 4x8 tiles of 2048 bytes (the default: no T.annotate_layout or --layout names it)}}
            Z: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            for i, j in T.Parallel(bm, bn):
                Z[by * bm + i, bx * bn + j] = X[by * bm + i, bx * bn + j] + Y[by * bm + i, bx * bn + j]

    return scale_add


kernel = scale_add(128, 256, 32, 32)
# BH: remark: the 3 circular buffers use 12288 of the 1490944 bytes of L1 per core available for them on blackhole (0.8%) [verify-tt-ir.l1-budget]
