# B4e reduce-inputs (an optimization pass, issue 14): a float32 copy of a bfloat16 block read only
# by row reductions and FPU subtractions of a float32 column broadcast, until its value is dead,
# is dropped and they read the bfloat16 block (LayerNorm's first pass, online softmax's first
# loop); a square `u = t * t` right after the step writing t, t dead after it, becomes an SFPU
# square that B4 fuses into that step (LayerNorm's (x - mean)^2). Kept: a copy whose value a
# product also reads ("live" below). `--disable-pass reduce-inputs` keeps every step.
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(256, 4096, 32)' --remarks=B4e --stop-after=B4 --print-after=B4 2>&1 | FileCheck %s --check-prefix=LN
# RUN: rm -rf %t.ln && %tltt compile %examples/layernorm.py --entry 'layer_norm(256, 4096, 32)' -o %t.ln
# RUN: FileCheck %s --check-prefix=LNK --input-file %t.ln/compute.cpp
# RUN: %tltt compile %examples/layernorm.py --entry 'layer_norm(256, 4096, 32)' --disable-pass reduce-inputs --stop-after=B4 --print-after=B4 2>&1 | FileCheck %s --check-prefix=OFF
# RUN: rm -rf %t.sm && %tltt compile %examples/softmax.py --entry 'online_softmax(256, 1024)' --remarks=B4e -o %t.sm 2>&1 | FileCheck %s --check-prefix=SM
# RUN: FileCheck %s --check-prefix=SMK --input-file %t.sm/compute.cpp
# RUN: %tltt compile %s --entry 'live(64, 256)' --remarks=B4e --stop-after=B4e --print-after=B4e 2>&1 | FileCheck %s --check-prefix=LIVE
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def live(M, N):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x_s = T.alloc_shared((32, N), "bfloat16")
            xf = T.alloc_fragment((32, N), "float32")
            s = T.alloc_fragment((32,), "float32")
            y = T.alloc_fragment((32, N), "float32")
            T.copy(X[bx * 32, 0], x_s)
            T.copy(x_s, xf)
            T.reduce_max(xf, s, dim=1)
            for i, j in T.Parallel(32, N):
                y[i, j] = xf[i, j] * s[i]
            T.copy(y, Y[bx * 32, 0])

    return kernel


# LN: layernorm.py:32:13: remark: 'xf' squared on the SFPU in DST ('centered' is dead after the product): B4 fuses it with the step writing 'centered', one step through a CB fewer [reduce-inputs.square]
# LN: layernorm.py:27:13: remark: the copy of 'x_s_chunk' into 'xf' is dropped: its 1 reading statement reads 'x_s_chunk' itself (every bfloat16 value is exact in float32), one step through a CB fewer [reduce-inputs.cast]
# LN: for chunk in serial(0 +: 16) {
# LN: copy x_s[0 +: 32, chunk * 256 +: 256] -> x_s_chunk
# LN-NEXT: tt.reduce(region(x_s_chunk), region(reduce_scaler), region(mean), clear=false, dim="row", op="sum")
# LN: tt.sfpu(region(x_s_chunk), region(mean), region(xf), tile.square(tile.sub(region(x_s_chunk), tile.bcast_col(region(mean)))))
# LN-NEXT: tt.reduce(region(xf), region(reduce_scaler), region(rstd), clear=false, dim="row", op="sum")

# The first pass reduces the bfloat16 chunk; the second subtracts on the FPU and squares on the
# SFPU in one acquire.
# LNK: reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_x_s_chunk, cb_reduce_scaler, cb_mean);
# LNK: sub_bcast_cols_init_short(cb_x_s_chunk, cb_mean);
# LNK-NEXT: square_tile_init();
# LNK: sub_tiles_bcast_cols(cb_x_s_chunk, cb_mean, t * 4, t * 4 / 8, 0);
# LNK-NEXT: square_tile(0);
# LNK-NOT: mul_tiles(

# OFF: for chunk in serial(0 +: 16) {
# OFF: tt.sfpu(region(x_s_chunk), region(xf), region(x_s_chunk))
# OFF-NEXT: tt.reduce(region(xf), region(reduce_scaler), region(mean), clear=false, dim="row", op="sum")
# OFF: tt.sfpu(region(x_s_chunk), region(mean), region(centered), tile.sub(region(x_s_chunk), tile.bcast_col(region(mean))))
# OFF-NEXT: for i in parallel(0 +: 32) {

# SM: softmax.py:28:17: remark: the copy of 'x_s' into 'x' is dropped: its 2 reading statements read 'x_s' itself (every bfloat16 value is exact in float32), one step through a CB fewer [reduce-inputs.cast]
# SMK: reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_x_s, cb_reduce_scaler, cb_m);
# SMK: sub_tiles_bcast_cols(cb_x_s, cb_m, 0, 0, 0);

# LIVE-NOT: remark
# LIVE: copy x_s -> xf
# LIVE-NEXT: tt.reduce(region(xf), region(reduce_scaler), region(s), clear=true, dim="row", op="max")
