# A block loaded from a tensor and then updated in place by compute (C1): the reader keeps
# filling x_s, compute copies every load into its twin x_s_c, and the reduction, the in-place
# step and the store all use the twin (each CB keeps one producer). In the pipelined form the
# copy happens once per streamed block.
# RUN: %tltt compile %examples/sfpu/in_place.py --stop-after=C4 --print-after=C4 | FileCheck %s
# RUN: %tltt compile %examples/sfpu/in_place.py --entry "stream_exp(64, 256)" --stop-after=C4 --print-after=C4 | FileCheck %s --check-prefix=STREAM

# CHECK: cb 0 x_s: Float16_b, 8 x 2048 B, input, reader -> compute
# CHECK: cb 16 x_s_c_out: Float16_b, 8 x 2048 B, output, compute -> writer
# CHECK: cb 25 x_s_c: Float16_b, 8 x 2048 B, intermediate, compute -> compute
# CHECK: alloc x_s: cb bfloat16[32, 128] {cb_index = 0,
# CHECK-NEXT: alloc x_s_c: cb bfloat16[32, 128] {cb_index = 25,
# CHECK-NEXT: alloc x_s_c_out: cb bfloat16[32, 128] {cb_index = 16,
# CHECK: for block_id in persistent(start_id +: count) {
# CHECK: tt.read_tiles(region(X[by * 32 +: 32, 0 +: 128]), region(x_s))
# CHECK-NEXT: tt.copy_tiles(region(x_s), region(x_s_c))
# CHECK-NEXT: cb_pop_front(region(x_s), 4)
# CHECK-NEXT: tt.reduce(region(x_s_c), region(reduce_scaler), region(s), clear=true, dim="row", op="sum")
# CHECK-NEXT: tt.sfpu(region(x_s_c), region(s), region(x_s_c), tile.sub(region(x_s_c),
# CHECK-NEXT: cb_pop_front(region(x_s_c), 4)
# CHECK: tt.copy_tiles(region(x_s_c), region(x_s_c_out))
# CHECK-NEXT: cb_pop_front(region(x_s_c), 4)
# CHECK-NEXT: tt.write_tiles(region(x_s_c_out), region(Y[by * 32 +: 32, 0 +: 128]))

# STREAM: for k in pipelined(0 +: 4, num_stages=2) {
# STREAM-NEXT: tt.read_tiles(region(A[by * 32 +: 32, k * 64 +: 64]), region(a_s))
# STREAM-NEXT: tt.copy_tiles(region(a_s), region(a_s_c))
# STREAM-NEXT: cb_pop_front(region(a_s), 2)
# STREAM-NEXT: tt.sfpu(region(a_s_c), region(a_s_c),
# STREAM-NEXT: cb_pop_front(region(a_s_c), 2)
# STREAM-NEXT: tt.copy_tiles(region(a_s_c), region(a_s_c_out))
# STREAM-NEXT: cb_pop_front(region(a_s_c), 2)
# STREAM-NEXT: tt.write_tiles(region(a_s_c_out), region(B[by * 32 +: 32, k * 64 +: 64]))
