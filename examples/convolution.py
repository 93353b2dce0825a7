# 2-D convolution written the way TileLang writes convolutions: an NHWC image, a filter
# flattened to (KH * KW * C, F) and the output to (N * OH * OW, F). Each block of the output is
# a GEMM over the patch matrix: T.im2col gathers the block's (block_M, block_K) slice of it (row
# = output pixel, column = (kh, kw, channel), zero where the window reaches into the padding)
# and T.gemm multiplies it with the matching rows of the filter. On Tenstorrent the reader
# kernel gathers the patch rows into the CB's tiles (docs/layouts.md "Convolutions: T.im2col").
# Run:   tltt run examples/convolution.py
#        tltt run examples/convolution.py --mesh 1x2   (the image sharded by rows over two devices,
#        the rows of the other's part each device's patches read exchanged over the fabric)
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def convolution(N, C, H, W, F, K, S, D, P, block_M, block_N, block_K, dtype="bfloat16",
                accum_dtype="float32"):
    OH = (H + 2 * P - D * (K - 1) - 1) // S + 1
    OW = (W + 2 * P - D * (K - 1) - 1) // S + 1

    @T.prim_func
    def conv(
            data: T.Tensor((N, H, W, C), dtype),
            weight: T.Tensor((K * K * C, F), dtype),
            out: T.Tensor((N * OH * OW, F), dtype),
    ):
        with T.Kernel(T.ceildiv(F, block_N), T.ceildiv(N * OH * OW, block_M)) as (bx, by):
            patch = T.alloc_shared((block_M, block_K), dtype)
            filt = T.alloc_shared((block_K, block_N), dtype)
            acc = T.alloc_fragment((block_M, block_N), accum_dtype)

            T.clear(acc)
            for kk in T.Pipelined(T.ceildiv(K * K * C, block_K), num_stages=2):
                T.im2col(data, patch, by, kk, K, S, D, P)
                T.copy(weight[kk * block_K, bx * block_N], filt)
                T.gemm(patch, filt, acc)
            T.copy(acc, out[by * block_M, bx * block_N])

    return conv


# A 3x3 convolution, stride 1, padding 1, of one 16x16 image with 32 channels into 64.
kernel = convolution(1, 32, 16, 16, 64, 3, 1, 1, 1, 64, 64, 32)
