# A convolution whose filter and output are 4-D tensors seen as matrices through reshaping views
# (`T.Tensor(shape, dtype, t.data)`), as TileLang convolutions are usually written: A1 folds each
# view into its tensor (tensor takes the view's shape, same row-major bytes). float16 image with
# 16 channels, stride 2, dilation 2, padding 2, an output whose rows end inside the last block.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def conv_views(N, C, H, W, F, K, S, D, P, block_M, block_N, block_K):
    OH = (H + 2 * P - D * (K - 1) - 1) // S + 1
    OW = (W + 2 * P - D * (K - 1) - 1) // S + 1

    @T.prim_func
    def conv(
            img: T.Tensor((N, H, W, C), "float16"),
            filt: T.Tensor((K, K, C, F), "float16"),
            res: T.Tensor((N, OH, OW, F), "float16"),
    ):
        with T.Kernel(T.ceildiv(F, block_N), T.ceildiv(N * OH * OW, block_M)) as (bx, by):
            cols = T.alloc_shared((block_M, block_K), "float16")
            f_s = T.alloc_shared((block_K, block_N), "float16")
            acc = T.alloc_fragment((block_M, block_N), "float32")
            out_s = T.alloc_shared((block_M, block_N), "float16")
            filt_2d = T.Tensor((K * K * C, F), "float16", filt.data)
            res_2d = T.Tensor((N * OH * OW, F), "float16", res.data)
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(K * K * C, block_K), num_stages=2):
                T.im2col(img, cols, by, k, K, S, D, P)
                T.copy(filt_2d[k * block_K, bx * block_N], f_s)
                T.gemm(cols, f_s, acc)
            T.copy(acc, out_s)
            T.copy(out_s, res_2d[by * block_M, bx * block_N])

    return conv


kernel = conv_views(2, 16, 9, 9, 32, 3, 2, 2, 2, 32, 32, 32)
