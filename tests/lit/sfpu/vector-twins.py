# A vector read both per row and per column (examples/sfpu/parallel_forms.py pairwise): A1
# keeps its orientation and gives the loads against it a transposed twin, copied at the top of
# their nest; C2 makes the copy a tile-by-tile transposition (transpose_wh_tile in compute).
# RUN: %tltt compile %examples/sfpu/parallel_forms.py --entry 'pairwise(128)' --disable-pass fast-exponential --stop-after=C2 --print-after=C2 --remarks=A1 2>&1 | FileCheck %s
# RUN: rm -rf %t && %tltt compile %examples/sfpu/parallel_forms.py --entry 'pairwise(128)' --disable-pass fast-exponential -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp

# CHECK: parallel_forms.py:92:13: remark: vector 'g' is read in this nest as a per-column value, against its orientation: the nest reads 'g_t', a transposed copy of it made before the nest [infer-layout.vector-twin]
# CHECK: parallel_forms.py:95:13: remark: vector 's' is read in this nest as a per-column value, against its orientation: the nest reads 's_t', a transposed copy of it made before the nest [infer-layout.vector-twin]
# CHECK: alloc g_t: cb float32[32, 64] {{.*}}tt.vector = "row"}
# CHECK: tt.copy_tiles(region(g), region(g_t), transpose=true)
# CHECK-NEXT: tt.sfpu(region(g), region(g_t), region(x), region(d), tile.mul(tile.exp(tile.sub(tile.bcast_col(region(g)), tile.bcast_row(region(g_t)))), region(x)))
# CHECK: tt.copy_tiles(region(s), region(s_t), transpose=true)
# CHECK-NEXT: tt.sfpu(region(d), region(s_t), region(d), tile.add(region(d), tile.mul(tile.bcast_row(region(s_t)), 0.125f)))
# KERNEL: transpose_wh_init_short(cb_g);
# KERNEL: transpose_wh_tile(cb_g,
