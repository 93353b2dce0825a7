# On-chip data read against its layout (A1): a block read transposed in a 2-D T.Parallel nest
# (`y[i, j] = x[j, i] * s[j]`, src/passes/block_twins.h) reads a transposed twin `x_t` copied
# before the nest; C2 makes the copy a transposing tile copy, which D5 runs as transpose_wh_tile
# with tile (a, b) of the [96, 64] twin taken from tile (b, a) of the [64, 96] block. A per-row
# vector combined with a per-column one in a 1-D nest (`c[i] = c[i] + r[i]`) reads the per-row
# one through its transposed vector twin. Other index forms (`x[j, 95 - i]`, a reversal) are
# left to B3's located error.
# RUN: %tltt compile %s --entry 'k(0)' --stop-after=C2 --print-after=C2 --remarks=A1 2>&1 | FileCheck %s
# RUN: rm -rf %t && %tltt compile %s --entry 'k(0)' -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp
# RUN: not %tltt compile %s --entry 'k(1)' --stop-after=B3 2>&1 | FileCheck %s --check-prefix=SHAPE
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3, 4])
def k(mode):
    dt = "float32"

    @T.prim_func
    def main(X: T.Tensor((64, 96), dt), S: T.Tensor((64,), dt), W: T.Tensor((64, 64), dt),
             Y: T.Tensor((96, 64), dt), C: T.Tensor((64,), dt)):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((64, 96), dt)
            w = T.alloc_shared((64, 64), dt)
            s = T.alloc_fragment((64,), dt)
            r = T.alloc_fragment((64,), dt)
            c = T.alloc_fragment((64,), dt)
            y = T.alloc_fragment((96, 64), dt)
            T.copy(X[0, 0], x)
            T.copy(W[0, 0], w)
            T.copy(S[0], s)
            if mode == 0:
                for i, j in T.Parallel(96, 64):
                    y[i, j] = x[j, i] * s[j]
            else:
                for i, j in T.Parallel(96, 64):
                    y[i, j] = x[j, 95 - i]
            T.reduce_sum(w, r, dim=1)
            T.reduce_sum(w, c, dim=0)
            for i in T.Parallel(64):
                c[i] = c[i] + r[i]
            T.copy(y, Y[0, 0])
            T.copy(c, C[0])

    return main


kernel = k(0)

# CHECK: transposed-reads.py:34:17: remark: block 'x' is read transposed in this nest (`x[j, i]`): the nest reads 'x_t', a transposed copy of it made before the nest (transpose_wh_tile, tile by tile) [infer-layout.block-twin]
# CHECK: transposed-reads.py:41:13: remark: vector 'r' is read in this nest as a per-column value, against its orientation: the nest reads 'r_t', a transposed copy of it made before the nest [infer-layout.vector-twin]
# CHECK: alloc x_t: cb float32[96, 64]
# CHECK: tt.copy_tiles(region(x), region(x_t), transpose=true)
# CHECK-NEXT: tt.sfpu(region(x_t), region(s), region(y), tile.mul(region(x_t), tile.bcast_row(region(s))))
# CHECK: tt.copy_tiles(region(r), region(r_t), transpose=true)
# CHECK-NEXT: tt.sfpu(region(c), region(r_t), region(c), tile.add(region(c), region(r_t)))
# KERNEL: transpose_wh_init_short(cb_x);
# KERNEL: transpose_wh_tile(cb_x, (c * 3 + d) % 2 * 3 + (c * 3 + d) / 2, d);
# KERNEL: transpose_wh_init_short(cb_r);
# KERNEL: transpose_wh_tile(cb_r, d{{[_0-9]*}}, d{{[_0-9]*}});
# SHAPE: transposed-reads.py:38:31: error: load 'x[j, 95 - i]'
