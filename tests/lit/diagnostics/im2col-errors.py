# What the reader's T.im2col gather cannot serve is a located error in A1: channels that are not
# a multiple of 16 (a face row of a tile moves 16 channels of one pixel), a patch block that is
# not whole tiles, an image and block of different dtypes.
# RUN: %tltt compile %s --entry 'conv(8, "float16", 64, "float16")' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'conv(32, "float16", 48, "float16")' -o %t 2>&1 | FileCheck %s --check-prefix=TILES
# RUN: not %tltt compile %s --entry 'conv(32, "float16", 64, "bfloat16")' -o %t 2>&1 | FileCheck %s --check-prefix=DTYPE
import tilelang
import tilelang.language as T


@tilelang.jit
def conv(C, img_dtype, block_M, patch_dtype):

    @T.prim_func
    def k(img: T.Tensor((1, 8, 8, C), img_dtype), out: T.Tensor((64, 9 * C), patch_dtype)):
        with T.Kernel(T.ceildiv(64, block_M)) as bm:
            patch = T.alloc_shared((block_M, 32), patch_dtype)
            for kk in T.serial(T.ceildiv(9 * C, 32)):
                # expected-error@+1 {{'T.im2col' moves runs of 16 channels (a face row of a tile): image 'img' has 8 channels, not a multiple of 16 (pad the channels with zeros)}}
                T.im2col(img, patch, bm, kk, 3, 1, 1, 1)
                T.copy(patch, out[bm * block_M, kk * 32])

    return k


# TILES: error: 'T.im2col' block 'patch' must be whole 32x32 tiles (block_M and block_K multiples of 32)
# DTYPE: error: 'T.im2col' gathers tiles as they are: image 'img' (float16) and block 'patch' (bfloat16) must share a 2- or 4-byte float dtype
