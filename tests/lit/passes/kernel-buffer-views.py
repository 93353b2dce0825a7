# Buffer views parse into BufferView statements: T.reshape (another shape), T.view (another
# shape and/or dtype) and T.Tensor(shape, dtype, buf.data) (a tensor parameter's memory with
# another shape) name the memory of an existing buffer until the end of the block. `tltt compile`
# folds views of on-chip blocks that keep the last dimension ('cube', onchip_views.h,
# tests/lit/sfpu/block-views.py) and rejects the others in A1 infer-layout with a located error
# naming the construct and why (a dtype change); a
# reshape of a tensor parameter used only through it ('flat' of B) is folded into the parameter
# (buffer_views.h).
# RUN: %tltt parse %s --entry 'views(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'views(64)' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def views(M):

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32"), B: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            tile = T.alloc_shared((32, 64), "float32")
            T.copy(A[0:32, 0:64], tile)
            cube = T.reshape(tile, (4, 8, 64))
            # expected-error@+1 {{'T.view' (buffer 'halves', a view of on-chip block 'tile' with shape [32, 128]) has no Tenstorrent lowering: it changes the dtype (float32 into float16)}}
            halves = T.view(tile, shape=[32, 128], dtype="float16")
            # expected-error@+1 {{'T.view' (buffer 'words', a view of on-chip block 'tile' with shape [32, 128]) has no Tenstorrent lowering: it changes the dtype (float32 into int16)}}
            words = T.view(tile, dtype="int16")
            flat = T.Tensor((M * M,), "float32", B.data)
            for i, j in T.Parallel(8, 64):
                cube[i // 8, i % 8, j] = cube[i // 8, i % 8, j] * 2.0
            halves[0, 0] = T.float16(1.0)
            words[1, 0] = T.int16(3)
            T.copy(tile[0, 0:64], flat[0:64])

    return k


# CHECK: alloc tile: shared float32[32, 64]
# CHECK: view cube: shared float32[4, 8, 64] = T.reshape(tile)
# CHECK-NEXT: view halves: shared float16[32, 128] = T.view(tile)
# CHECK-NEXT: view words: shared int16[32, 128] = T.view(tile)
# CHECK-NEXT: view flat: global float32[4096] = T.Tensor(B)
# CHECK: cube[i // 8, i % 8, j] = cube[i // 8, i % 8, j] * 2.0f
# CHECK: halves[0, 0] = float16(1.0)
# CHECK: words[1, 0] = int16(3)
# CHECK: copy tile[0 +: 1, 0 +: 64] -> flat[0 +: 64]
