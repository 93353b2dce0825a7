# Compute pops from CB liveness (C4) in the online softmax: the running max m and sum l are
# loop-carried (live at the top of the first loop's body), so inside it only their old values
# are popped after the in-place updates; they stay resident through the second loop, which only
# reads them, and are popped after it. Blocks defined and consumed inside a body (x, m_prev,
# l_blk) are popped after their last reader; the scaler tile lives across the block loop.
# RUN: %tltt compile %examples/softmax.py --disable-pass reread-rows --disable-pass fast-exponential --disable-pass hoist-vector-terms --disable-pass reduce-inputs --stop-after=C4 --print-after=C4 | FileCheck %s

# CHECK: tt.sfpu(region(reduce_scaler), 1.0f)
# CHECK: for block_id in persistent(start_id +: count) {
# CHECK: tt.sfpu(region(m), float32(-inf))
# CHECK-NEXT: tt.sfpu(region(l), 0.0f)
# CHECK-NEXT: for k in pipelined(0 +: 4, num_stages=2) {
# CHECK-NEXT: tt.read_tiles(region(X[bx * 32 +: 32, k * 128 +: 128]), region(x_s))
# CHECK-NEXT: tt.copy_tiles(region(x_s), region(x))
# CHECK-NEXT: cb_pop_front(region(x_s), 4)
# CHECK-NEXT: tt.copy_tiles(region(m), region(m_prev))
# CHECK-NEXT: tt.reduce(region(x), region(reduce_scaler), region(m), clear=false, dim="row", op="max")
# CHECK-NEXT: cb_pop_front(region(m), 1)
# CHECK-NEXT: tt.sfpu(region(x), region(m), region(x),
# CHECK-NEXT: cb_pop_front(region(x), 4)
# The float32 sum l_blk is reduced exactly as three bfloat16 parts of x (docs/formats.md), each
# part popped after its reduction, l_blk's partial value after each fold.
# CHECK-NEXT: tt.sfpu(region(x), region(x_hi), region(x))
# CHECK-NEXT: tt.sfpu(region(x), region(x_hi), region(x_rem), tile.sub(region(x), region(x_hi)))
# CHECK-NEXT: cb_pop_front(region(x), 4)
# CHECK-NEXT: tt.sfpu(region(x_rem), region(x_mid), region(x_rem))
# CHECK-NEXT: tt.sfpu(region(x_rem), region(x_mid), region(x_lo), tile.sub(region(x_rem), region(x_mid)))
# CHECK-NEXT: cb_pop_front(region(x_rem), 4)
# CHECK-NEXT: tt.reduce(region(x_lo), region(reduce_scaler), region(l_blk), clear=true, dim="row", op="sum")
# CHECK-NEXT: cb_pop_front(region(x_lo), 4)
# CHECK-NEXT: tt.reduce(region(x_mid), region(reduce_scaler), region(l_blk), clear=false, dim="row", op="sum")
# CHECK-NEXT: cb_pop_front(region(x_mid), 4)
# CHECK-NEXT: cb_pop_front(region(l_blk), 1)
# CHECK-NEXT: tt.reduce(region(x_hi), region(reduce_scaler), region(l_blk), clear=false, dim="row", op="sum")
# CHECK-NEXT: cb_pop_front(region(x_hi), 4)
# CHECK-NEXT: cb_pop_front(region(l_blk), 1)
# CHECK-NEXT: tt.sfpu(region(l), region(m_prev), region(m), region(l_blk), region(l),
# CHECK-NEXT: cb_pop_front(region(l), 1)
# CHECK-NEXT: cb_pop_front(region(m_prev), 1)
# CHECK-NEXT: cb_pop_front(region(l_blk), 1)
# CHECK-NEXT: }
# CHECK-NEXT: for k_1 in pipelined(0 +: 4, num_stages=2) {
# CHECK-NEXT: tt.read_tiles(
# CHECK-NEXT: tt.sfpu(region(x_s), region(m), region(l), region(y_s),
# CHECK-NEXT: cb_pop_front(region(x_s), 4)
# CHECK-NEXT: tt.write_tiles(region(y_s),
# CHECK-NEXT: }
# CHECK-NEXT: cb_wait_front(region(m), 1)
# CHECK-NEXT: cb_pop_front(region(m), 1)
# CHECK-NEXT: cb_wait_front(region(l), 1)
# CHECK-NEXT: cb_pop_front(region(l), 1)
# CHECK-NEXT: }
# CHECK-NEXT: cb_wait_front(region(reduce_scaler), 1)
# CHECK-NEXT: cb_pop_front(region(reduce_scaler), 1)
