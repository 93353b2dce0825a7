# A4 streams row blocks wider than L1 in chunks of the row: the chunk width comes from the
# device's L1 budget (remark), each pass over the row re-reads its chunk of X and recomputes what
# it needs, reductions start from their identity and accumulate over the chunks; padding past
# the row's end (8100 columns) is masked before the reduction. Rows that fit are left alone.
# RUN: %tltt compile %s --entry 'rms(64, 8192)' --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=WH
# RUN: %tltt compile %s --entry 'rms(64, 8192)' --device p150 --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=BH
# RUN: %tltt compile %s --entry 'rms(64, 8192)' --stop-after=A4 --print-after=A4 | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %s --entry 'rms(64, 8100)' --stop-after=A4 --print-after=A4 --remarks=A4 2>&1 | FileCheck %s --check-prefix=PAD
# RUN: %tltt compile %s --entry 'rms(64, 1024)' --stop-after=A4 --print-after=A4 --remarks=A4 2>&1 | FileCheck %s --check-prefix=FITS
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rms(M, N, eps=1e-6):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        # WH: stream-rows.py:[[@LINE+7]]:9: remark: row blocks of 8192 columns need about 4206592 bytes of circular buffers, more than the 1417216 available on wormhole_b0: the row is streamed in 8 chunks of 1024 columns (about 536576 bytes, at most half the budget), in 2 passes over the row [stream-rows.chunks]
        # BH: remark: row blocks of 8192 columns need about 4206592 bytes of circular buffers, more than the 1490944 available on blackhole: the row is streamed in 8 chunks of 1024 columns
        # IR: launch (bx < 2) {
        # IR-NEXT: alloc x: shared bfloat16[32, 1024]
        # IR-NEXT: alloc sq: fragment bfloat16[32, 1024]
        # PAD: remark: row blocks of 8100 columns need about {{[0-9]+}} bytes of circular buffers, more than the 1417216 available on wormhole_b0: the row is streamed in 8 chunks of 1024 columns (about 536576 bytes, at most half the budget), in 2 passes over the row; columns 8100 to 8191 of the last chunk are padding, masked before reductions [stream-rows.chunks]
        # FITS-NOT: remark
        with T.Kernel(T.ceildiv(M, 32), threads=128) as bx:
            x = T.alloc_shared((32, N), "bfloat16")
            sq = T.alloc_fragment((32, N), "bfloat16")
            s = T.alloc_fragment((32,), "float32")
            # IR: fill s, 0.0f
            # IR-NEXT: for chunk in serial(0 +: 8) {
            # IR-NEXT: copy X[bx * 32 +: 32, chunk * 1024 +: 1024] -> x
            T.copy(X[bx * 32, 0], x)
            # IR: sq[i, j] = x[i, j] * x[i, j]
            # PAD: sq[pad_i, pad_j] = select(chunk * 1024 + pad_j < 8100, sq[pad_i, pad_j], bfloat16(0.0))
            for i, j in T.Parallel(32, N):
                sq[i, j] = x[i, j] * x[i, j]
            # WH: stream-rows.py:[[@LINE+3]]:13: remark: pass 1 of 2 over the row: T.reduce_sum into 's'; reads 'X' [stream-rows.pass]
            # IR: reduce_sum sq -> s, dim=1, clear=false
            # IR-NEXT: }
            T.reduce_sum(sq, s, dim=1)
            # IR-NEXT: for i_1 in parallel(0 +: 32) {
            for i in T.Parallel(32):
                s[i] = T.rsqrt(s[i] / N + eps)
            # IR: for chunk_1 in serial(0 +: 8) {
            # IR-NEXT: copy X[bx * 32 +: 32, chunk_1 * 1024 +: 1024] -> x
            # IR-NEXT: for i_2 in parallel(0 +: 32) {
            # IR-NEXT: for j_1 in parallel(0 +: 1024) {
            # IR-NEXT: x[i_2, j_1] = x[i_2, j_1] * cast(bfloat16, s[i_2, 0])
            for i, j in T.Parallel(32, N):
                x[i, j] = x[i, j] * T.Cast("bfloat16", s[i])
            # WH: stream-rows.py:[[@LINE+3]]:13: remark: pass 2 of 2 over the row: writes 'Y'; reads 'X' [stream-rows.pass]
            # IR: copy x -> Y[bx * 32 +: 32, chunk_1 * 1024 +: 1024]
            # FITS: copy x -> Y[bx * 32 +: 32, 0 +: 1024]
            T.copy(x, Y[bx * 32, 0])

    return kernel


# Two reductions in one pass over the row (the sum and the sum of squares, then the variance
# from both): they share the first loop; the result is the second pass.
# RUN: %tltt compile %s --entry 'two_sums(64, 8192)' --stop-after=A4 --remarks=A4 2>&1 | FileCheck %s --check-prefix=TWO
@tilelang.jit(out_idx=[-1])
def two_sums(M, N):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        # TWO: remark: row blocks of 8192 columns {{.*}} in 2 passes over the row [stream-rows.chunks]
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x = T.alloc_shared((32, N), "float32")
            sq = T.alloc_fragment((32, N), "float32")
            s1 = T.alloc_fragment((32,), "float32")
            s2 = T.alloc_fragment((32,), "float32")
            T.copy(X[bx * 32, 0], x)
            for i, j in T.Parallel(32, N):
                sq[i, j] = x[i, j] * x[i, j]
            # TWO: stream-rows.py:[[@LINE+1]]:13: remark: pass 1 of 2 over the row: T.reduce_sum into 's1', T.reduce_sum into 's2'; reads 'X' [stream-rows.pass]
            T.reduce_sum(x, s1, dim=1)
            T.reduce_sum(sq, s2, dim=1)
            for i in T.Parallel(32):
                s1[i] = s1[i] / N
                s2[i] = T.rsqrt(s2[i] / N - s1[i] * s1[i] + 1e-5)
            # TWO: stream-rows.py:[[@LINE+3]]:13: remark: pass 2 of 2 over the row: writes 'Y'; reads 'X' [stream-rows.pass]
            for i, j in T.Parallel(32, N):
                x[i, j] = (x[i, j] - s1[i]) * s2[i]
            T.copy(x, Y[bx * 32, 0])

    return kernel
