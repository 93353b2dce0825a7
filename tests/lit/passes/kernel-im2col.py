# T.im2col (one patch matrix of an NHWC image, for a convolution computed as a GEMM) parses into
# an `im2col` call with the image and column buffer as region operands and the convolution
# geometry and image shape as attrs; C2 lowers it to tt.read_im2col and D3 to the reader's
# gather of face rows (16 channels of one pixel) into the block's CB, zeros in the padding.
# RUN: %tltt parse %s --entry 'conv(2, 16, 16, 32)' | FileCheck %s
# RUN: %tltt compile %s --entry 'conv(2, 16, 16, 32)' --remarks=D3 2>&1 | FileCheck %s --check-prefix=D3
# RUN: %tltt compile %s --entry 'conv(2, 16, 16, 32)' --stop-after=C2 --print-after=C2 2>&1 | FileCheck %s --check-prefix=C2
import tilelang
import tilelang.language as T


@tilelang.jit
def conv(N, H, W, C, KS=3, block_M=64, block_K=32):
    P = KS // 2

    @T.prim_func
    def k(img: T.Tensor((N, H, W, C), "float16"), out: T.Tensor((N * H * W, KS * KS * C), "float16")):
        with T.Kernel(T.ceildiv(N * H * W, block_M)) as bm:
            patch = T.alloc_shared((block_M, block_K), "float16")
            for kk in T.serial(T.ceildiv(KS * KS * C, block_K)):
                T.im2col(img, patch, bm, kk, KS, 1, 1, P)
                T.copy(patch, out[bm * block_M, kk * block_K])

    return k


# CHECK: for kk in serial(0 +: 9) {
# CHECK-NEXT: im2col(region(img), region(patch), bm, kk, dilation=1, image_c=32, image_h=16, image_n=2, image_w=16, kernel=3, pad=1, stride=1)
# C2: tt.read_im2col(region(img
# D3: remark: gathers a 64x32 block of the patch matrix of 'img' (3x3 window, stride 1, dilation 1, pad 1) into CB 'patch': one noc_async_read of 32 bytes (a face row: 16 channels of one pixel) per 16 columns of a row, zeros in the padding, one barrier, cb_push_back [cb-noc-protocol.im2col]
