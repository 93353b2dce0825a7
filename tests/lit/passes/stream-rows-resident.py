# A4 keeps a row block whole in L1 when its CBs fit with one copy of the blocks that need no
# second one (issue 13/14): at 4096 bf16 columns the double-buffered CBs (about 2.1 MB) exceed
# L1, but with one copy of the loaded block, of a temporary written once and of the output CB
# they fit, so each row is read from DRAM once instead of once per pass over it. A block updated
# in place (the loaded block's twin, a fragment scaled in place) keeps two copies; a block wider
# still (8192 columns, see stream-rows.py) is streamed.
# RUN: %tltt compile %s --entry 'rms(64, 4096)' --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=WH
# RUN: %tltt compile %s --entry 'rms(64, 4096)' --device p150 --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=BH
# RUN: %tltt compile %s --entry 'rms(64, 4096)' --stop-after=A4 --print-after=A4 | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %s --entry 'rms(64, 4096)' --stop-after=C1 --remarks=C1 2>&1 | FileCheck %s --check-prefix=CB
# RUN: %tltt compile %s --entry 'rms(64, 8192)' --stop-after=A4 --remarks=A4 2>&1 | FileCheck %s --check-prefix=WIDE
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rms(M, N, eps=1e-6):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        # WH: stream-rows-resident.py:[[@LINE+6]]:9: remark: row blocks of 4096 columns need about 2109440 bytes of double-buffered circular buffers, more than the 1417216 available on wormhole_b0; with one copy of 'x', 'sq' and of the output CB of 'x' (written whole once per row block; blocks updated in place keep two) they need about 1323008: the row block stays whole in L1 and each row is read once, not streamed in chunks [stream-rows.resident]
        # WH-NOT: stream-rows.chunks
        # BH: remark: {{.*}} more than the 1490944 available on blackhole; {{.*}} the row block stays whole in L1
        # WIDE: remark: row blocks of 8192 columns {{.*}} the row is streamed in 8 chunks
        # IR: alloc x: shared bfloat16[32, 4096] {tt.cb_depth = 1, tt.cb_out_depth = 1}
        # IR-NEXT: alloc sq: fragment bfloat16[32, 4096] {tt.cb_depth = 1, tt.cb_out_depth = 1}
        with T.Kernel(T.ceildiv(M, 32), threads=128) as bx:
            # CB: remark: buffer 'x' becomes a CB of 128 pages of 2048 bytes (128 Float16_b tiles x depth 1): the depth stream-rows chose to keep the row block in L1
            # CB: remark: buffer 'x_c' becomes a CB of 256 pages of 2048 bytes (128 Float16_b tiles x depth 2): double-buffered
            # CB: remark: buffer 'sq' becomes a CB of 128 pages of 2048 bytes (128 Float16_b tiles x depth 1): the depth stream-rows chose
            x = T.alloc_shared((32, N), "bfloat16")
            sq = T.alloc_fragment((32, N), "bfloat16")
            s = T.alloc_fragment((32,), "float32")
            # IR-NOT: chunk
            # IR: copy X[bx * 32 +: 32, 0 +: 4096] -> x
            T.copy(X[bx * 32, 0], x)
            for i, j in T.Parallel(32, N):
                sq[i, j] = x[i, j] * x[i, j]
            # IR: reduce_sum sq -> s, dim=1, clear=true
            T.reduce_sum(sq, s, dim=1)
            for i in T.Parallel(32):
                s[i] = T.rsqrt(s[i] / N + eps)
            for i, j in T.Parallel(32, N):
                x[i, j] = x[i, j] * T.Cast("bfloat16", s[i])
            # IR: copy x -> Y[bx * 32 +: 32, 0 +: 4096]
            T.copy(x, Y[bx * 32, 0])

    return kernel


# The fragment form of examples/rmsnorm.py: 'x' is copied from the loaded block and scaled in
# place, so it keeps two copies; the loaded block, the squares and x's output CB keep one.
# RUN: %tltt compile %s --entry 'rms_fragment(64, 4096)' --stop-after=C1 --remarks=A4,C1 2>&1 | FileCheck %s --check-prefix=FRAG
@tilelang.jit(out_idx=[-1])
def rms_fragment(M, N, eps=1e-6):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        # FRAG: remark: {{.*}} with one copy of 'x_tile', 'sq' and of the output CB of 'x' {{.*}} the row block stays whole in L1
        with T.Kernel(T.ceildiv(M, 32), threads=128) as bx:
            # FRAG: remark: buffer 'x_tile' becomes a CB of 128 pages {{.*}} x depth 1)
            # FRAG: remark: buffer 'x' becomes a CB of 256 pages {{.*}} x depth 2)
            # FRAG: remark: buffer 'sq' becomes a CB of 128 pages {{.*}} x depth 1)
            x_tile = T.alloc_shared((32, N), "bfloat16")
            x = T.alloc_fragment((32, N), "bfloat16")
            sq = T.alloc_fragment((32, N), "bfloat16")
            s = T.alloc_fragment((32,), "bfloat16")
            T.copy(X[bx * 32, 0], x_tile)
            T.copy(x_tile, x)
            for i, j in T.Parallel(32, N):
                sq[i, j] = x[i, j] * x[i, j]
            T.reduce_sum(sq, s, dim=1)
            for i in T.Parallel(32):
                s[i] = T.rsqrt(s[i] / N + eps)
            for i, j in T.Parallel(32, N):
                x[i, j] *= s[i]
            T.copy(x, Y[bx * 32, 0])

    return kernel
