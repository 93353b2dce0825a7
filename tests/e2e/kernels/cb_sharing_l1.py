# CB sharing (pass cb-sharing) for L1: a chain of eight element-wise steps on large blocks, each
# reading the two before it (so B4 cannot fuse them). Without sharing the eight intermediate CBs
# t0..t7 of a 256x256 bf16 block take 8 x 256 KiB, and with the input and output CBs the kernel
# needs 2560 KiB of L1 per core (1384 KiB on wormhole_b0); with it they run on three CBs and the
# kernel needs 1280 KiB.
# Run: tltt run tests/e2e/kernels/cb_sharing_l1.py --remarks=cb-sharing
#      tltt compile tests/e2e/kernels/cb_sharing_l1.py --disable-pass cb-sharing  (L1 overflow)
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def chain(M=256, N=256, bm=256, bn=256):

    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            a = T.alloc_shared((bm, bn), "bfloat16")
            t0 = T.alloc_fragment((bm, bn), "bfloat16")
            t1 = T.alloc_fragment((bm, bn), "bfloat16")
            t2 = T.alloc_fragment((bm, bn), "bfloat16")
            t3 = T.alloc_fragment((bm, bn), "bfloat16")
            t4 = T.alloc_fragment((bm, bn), "bfloat16")
            t5 = T.alloc_fragment((bm, bn), "bfloat16")
            t6 = T.alloc_fragment((bm, bn), "bfloat16")
            t7 = T.alloc_fragment((bm, bn), "bfloat16")
            t8 = T.alloc_fragment((bm, bn), "bfloat16")
            T.copy(A[by * bm, bx * bn], a)
            for i, j in T.Parallel(bm, bn):
                t0[i, j] = a[i, j] * 0.5
            for i, j in T.Parallel(bm, bn):
                t1[i, j] = t0[i, j] + a[i, j]
            for i, j in T.Parallel(bm, bn):
                t2[i, j] = t1[i, j] - t0[i, j]
            for i, j in T.Parallel(bm, bn):
                t3[i, j] = t2[i, j] - t1[i, j]
            for i, j in T.Parallel(bm, bn):
                t4[i, j] = t3[i, j] - t2[i, j]
            for i, j in T.Parallel(bm, bn):
                t5[i, j] = t4[i, j] - t3[i, j]
            for i, j in T.Parallel(bm, bn):
                t6[i, j] = t5[i, j] - t4[i, j]
            for i, j in T.Parallel(bm, bn):
                t7[i, j] = t6[i, j] - t5[i, j]
            for i, j in T.Parallel(bm, bn):
                t8[i, j] = t7[i, j] - t6[i, j]
            T.copy(t8, Y[by * bm, bx * bn])

    return main


kernel = chain()
