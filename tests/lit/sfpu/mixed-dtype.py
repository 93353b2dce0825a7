# A plain a + b whose operands have different dtypes (a float32 accumulator and a bfloat16
# block) is not left to the FPU's two source registers (C2's tt.binary, which needs one input
# format): B3 evaluates it in DST, each operand copied in with its own format.
# RUN: %tltt compile %examples/sfpu/running_sum.py --stop-after=B3 --print-after=B3 | FileCheck %s
# RUN: rm -rf %t && %tltt compile %examples/sfpu/running_sum.py --disable-pass=sfpu-tile-groups -o %t
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp

# CHECK: for k in pipelined(0 +: 4, num_stages=2) {
# CHECK: tt.sfpu(region(acc), region(x_s), region(acc), tile.add(region(acc), region(x_s)))

# COMPUTE: copy_tile_to_dst_init_short(cb_acc);
# COMPUTE-NEXT: copy_tile(cb_acc, t{{(_[0-9]+)?}}, 0);
# COMPUTE-NEXT: copy_tile_to_dst_init_short(cb_x_s_c);
# COMPUTE-NEXT: copy_tile(cb_x_s_c, t{{(_[0-9]+)?}}, 1);
# COMPUTE-NEXT: add_binary_tile_init();
# COMPUTE-NEXT: add_binary_tile(0, 1, 0);
