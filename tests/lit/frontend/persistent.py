# T.Persistent(domain, wave_size, index): the tiles of a 2-D domain that one core of a
# persistent grid handles. It is written out in existing IR: a serial loop over this core's
# waves, the tile number w * wave_size + index, a guard for the last wave and the tile
# coordinates (row-major) bound by lets; so it compiles and runs like any serial loop.
# RUN: %tltt parse %s --entry 'scale(128, 96)' | FileCheck %s
# RUN: %tltt run %s --entry 'scale(128, 96)' | FileCheck --check-prefix=RAN %s
import tilelang
import tilelang.language as T


@tilelang.jit
def scale(M, N, cores=5):
    tiles_m, tiles_n = M // 32, N // 32

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(cores) as core:
            t = T.alloc_shared((32, 32), "float32")
            for tm, tn in T.Persistent([tiles_m, tiles_n], cores, core, group_size=4):
                T.copy(A[tm * 32, tn * 32], t)
                for i, j in T.Parallel(32, 32):
                    t[i, j] = t[i, j] * 3.0
                T.copy(t, B[tm * 32, tn * 32])

    return k


# CHECK: launch (core < 5) {
# CHECK: for wave in serial(0 +: 3) {
# CHECK-NEXT: let tile: int32 = wave * 5 + core
# CHECK-NEXT: if tile < 12 {
# CHECK-NEXT: let tm: int32 = tile // 3
# CHECK-NEXT: let tn: int32 = tile % 3
# CHECK-NEXT: copy A[tm * 32 +: 32, tn * 32 +: 32] -> t
# RAN: PASS
