# B4 fuse-sfpu-steps with a reused intermediate buffer (issue 14, LayerNorm's third pass): a step
# `t = f(...)` followed by `out = g(.., t, ..)` fuses into one DST evaluation when nothing else
# reads that value of t, even if other statements use t's buffer for other values: the next
# mention of t on every path after g (the rest of the block, the loop's next iteration) writes it
# whole (dead_values.cc). When a later statement reads the same value ("reuse"), the steps stay
# apart; a cast of a block reused this way is not fused either (D5 would then combine blocks of
# two formats on the SFPU instead of the FPU) unless D4d `fpu-mixed-formats` is on and the
# consumer only adds it to or subtracts it from a float32 broadcast. `--disable-pass fuse-sfpu-steps` keeps every step.
# RUN: %tltt compile %s --entry 'steps(64, 64, False)' --remarks=B4 --stop-after=B4 --print-after=B4 2>&1 | FileCheck %s --check-prefix=DEAD
# RUN: %tltt compile %s --entry 'steps(64, 64, True)' --remarks=B4 --stop-after=B4 --print-after=B4 2>&1 | FileCheck %s --check-prefix=LIVE
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(256, 4096, 32)' --disable-pass fpu-mixed-formats --disable-pass reduce-inputs --remarks=B4 --stop-after=B4 --print-after=B4 2>&1 | FileCheck %s --check-prefix=LN
# With D4d on (the default), the cast is fused where the consumer only subtracts the float32 mean
# (D4d then runs it on the FPU with both formats).
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(256, 4096, 32)' --disable-pass reduce-inputs --remarks=B4 --stop-after=B4 --print-after=B4 2>&1 | FileCheck %s --check-prefix=CAST
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(256, 4096, 32)' --disable-pass fuse-sfpu-steps --disable-pass reduce-inputs --stop-after=B4 --print-after=B4 2>&1 | FileCheck %s --check-prefix=OFF
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-2, -1])
def steps(M, N, reuse):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32"),
               Z: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x = T.alloc_fragment((32, N), "float32")
            t = T.alloc_fragment((32, N), "float32")
            y = T.alloc_fragment((32, N), "float32")
            z = T.alloc_fragment((32, N), "float32")
            T.copy(X[bx * 32, 0], x)
            for i, j in T.Parallel(32, N):
                t[i, j] = T.exp(x[i, j])
            for i, j in T.Parallel(32, N):
                # DEAD: fuse-dead-values.py:[[@LINE-1]]:13: remark: 't' is fused into the step writing 'y': its value is not read again (the next use of the buffer writes it whole)
                # LIVE-NOT: 't' is fused into the step writing 'y'
                y[i, j] = t[i, j] * 2.0
            if reuse:
                for i, j in T.Parallel(32, N):
                    z[i, j] = t[i, j] + 1.0
            else:
                for i, j in T.Parallel(32, N):
                    t[i, j] = x[i, j] + 1.0
                for i, j in T.Parallel(32, N):
                    # DEAD: fuse-dead-values.py:[[@LINE-1]]:17: remark: 't' is fused into the step writing 'z': nothing else reads it
                    z[i, j] = t[i, j] * 3.0
            T.copy(y, Y[bx * 32, 0])
            T.copy(z, Z[bx * 32, 0])

    return kernel


# DEAD: tt.sfpu(region(x), region(y), tile.mul(tile.exp(region(x)), 2.0f))
# DEAD: tt.sfpu(region(x), region(z), tile.mul(tile.add(region(x), 1.0f), 3.0f))
# LIVE: tt.sfpu(region(x), region(t), tile.exp(region(x)))
# LIVE: tt.sfpu(region(t), region(y), tile.mul(region(t), 2.0f))
# LIVE: tt.sfpu(region(t), region(z), tile.add(region(t), 1.0f))

# LN-NOT: 'xf' is fused
# LN: layernorm.py:40:13: remark: 'centered' is fused into the step writing 'y_s': its value is not read again (the next use of the buffer writes it whole)
# LN: for chunk_2 in serial(0 +: 16) {
# LN: tt.sfpu(region(x_s_chunk), region(xf), region(x_s_chunk))
# LN-NEXT: tt.sfpu(region(xf), region(mean), region(rstd), region(g_s_chunk), region(b_s_chunk), region(y_s), tile.add(tile.mul(tile.mul(tile.sub(region(xf), tile.bcast_col(region(mean))), tile.bcast_col(region(rstd))), tile.bcast_row(region(g_s_chunk))), tile.bcast_row(region(b_s_chunk))))

# OFF: for chunk_2 in serial(0 +: 16) {
# OFF: tt.sfpu(region(xf), region(mean), region(centered), tile.sub(region(xf), tile.bcast_col(region(mean))))

# CAST: layernorm.py:32:13: remark: 'xf' is fused into the step writing 'centered': its value is not read again
# CAST: for chunk_2 in serial(0 +: 16) {
# CAST: tt.sfpu(region(x_s_chunk), region(mean), region(rstd), region(g_s_chunk), region(b_s_chunk), region(y_s), tile.add(tile.mul(tile.mul(tile.sub(region(x_s_chunk), tile.bcast_col(region(mean))), tile.bcast_col(region(rstd))), tile.bcast_row(region(g_s_chunk))), tile.bcast_row(region(b_s_chunk))))
