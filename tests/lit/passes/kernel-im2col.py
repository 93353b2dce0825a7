# T.im2col (one patch matrix of an NHWC image, for a convolution computed as a GEMM) parses into
# an `im2col` call with the image and column buffer as region operands and the convolution
# geometry as attrs; `tltt compile` rejects it in A1 infer-layout with a located error.
# RUN: %tltt parse %s --entry 'conv(2, 16, 16, 32)' | FileCheck %s
# RUN: %tltt compile %s --entry 'conv(2, 16, 16, 32)' --verify-diagnostics
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
                # expected-error@+1 {{'T.im2col' (the patch matrix of a convolution as a GEMM) has no Tenstorrent lowering yet}}
                T.im2col(img, patch, bm, kk, KS, 1, 1, P)
                T.copy(patch, out[bm * block_M, kk * block_K])

    return k


# CHECK: for kk in serial(0 +: 9) {
# CHECK-NEXT: im2col(region(img), region(patch), bm, kk, dilation=1, kernel=3, pad=1, stride=1)
