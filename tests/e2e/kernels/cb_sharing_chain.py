# CB sharing (pass cb-sharing): a chain of element-wise steps in which every step reads the two
# before it, so B4 cannot fuse them and each block is a compute intermediate of its own. Without
# sharing the 20 intermediates t0..t19 exhaust Wormhole's 32 CB indices (intermediates take
# 24..31, then the spare 8..15: 16 at most); with it, never more than three values are live
# at once and the chain runs on three CBs.
# Run: tltt run tests/e2e/kernels/cb_sharing_chain.py --remarks=cb-sharing
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def chain(M=64, N=64):

    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            a = T.alloc_shared((32, 32), "bfloat16")
            t0 = T.alloc_fragment((32, 32), "bfloat16")
            t1 = T.alloc_fragment((32, 32), "bfloat16")
            t2 = T.alloc_fragment((32, 32), "bfloat16")
            t3 = T.alloc_fragment((32, 32), "bfloat16")
            t4 = T.alloc_fragment((32, 32), "bfloat16")
            t5 = T.alloc_fragment((32, 32), "bfloat16")
            t6 = T.alloc_fragment((32, 32), "bfloat16")
            t7 = T.alloc_fragment((32, 32), "bfloat16")
            t8 = T.alloc_fragment((32, 32), "bfloat16")
            t9 = T.alloc_fragment((32, 32), "bfloat16")
            t10 = T.alloc_fragment((32, 32), "bfloat16")
            t11 = T.alloc_fragment((32, 32), "bfloat16")
            t12 = T.alloc_fragment((32, 32), "bfloat16")
            t13 = T.alloc_fragment((32, 32), "bfloat16")
            t14 = T.alloc_fragment((32, 32), "bfloat16")
            t15 = T.alloc_fragment((32, 32), "bfloat16")
            t16 = T.alloc_fragment((32, 32), "bfloat16")
            t17 = T.alloc_fragment((32, 32), "bfloat16")
            t18 = T.alloc_fragment((32, 32), "bfloat16")
            t19 = T.alloc_fragment((32, 32), "bfloat16")
            t20 = T.alloc_fragment((32, 32), "bfloat16")
            T.copy(A[by * 32, bx * 32], a)
            for i, j in T.Parallel(32, 32):
                t0[i, j] = a[i, j] * 0.5
            for i, j in T.Parallel(32, 32):
                t1[i, j] = t0[i, j] + a[i, j]
            for i, j in T.Parallel(32, 32):
                t2[i, j] = t1[i, j] - t0[i, j]
            for i, j in T.Parallel(32, 32):
                t3[i, j] = t2[i, j] - t1[i, j]
            for i, j in T.Parallel(32, 32):
                t4[i, j] = t3[i, j] - t2[i, j]
            for i, j in T.Parallel(32, 32):
                t5[i, j] = t4[i, j] - t3[i, j]
            for i, j in T.Parallel(32, 32):
                t6[i, j] = t5[i, j] - t4[i, j]
            for i, j in T.Parallel(32, 32):
                t7[i, j] = t6[i, j] - t5[i, j]
            for i, j in T.Parallel(32, 32):
                t8[i, j] = t7[i, j] - t6[i, j]
            for i, j in T.Parallel(32, 32):
                t9[i, j] = t8[i, j] - t7[i, j]
            for i, j in T.Parallel(32, 32):
                t10[i, j] = t9[i, j] - t8[i, j]
            for i, j in T.Parallel(32, 32):
                t11[i, j] = t10[i, j] - t9[i, j]
            for i, j in T.Parallel(32, 32):
                t12[i, j] = t11[i, j] - t10[i, j]
            for i, j in T.Parallel(32, 32):
                t13[i, j] = t12[i, j] - t11[i, j]
            for i, j in T.Parallel(32, 32):
                t14[i, j] = t13[i, j] - t12[i, j]
            for i, j in T.Parallel(32, 32):
                t15[i, j] = t14[i, j] - t13[i, j]
            for i, j in T.Parallel(32, 32):
                t16[i, j] = t15[i, j] - t14[i, j]
            for i, j in T.Parallel(32, 32):
                t17[i, j] = t16[i, j] - t15[i, j]
            for i, j in T.Parallel(32, 32):
                t18[i, j] = t17[i, j] - t16[i, j]
            for i, j in T.Parallel(32, 32):
                t19[i, j] = t18[i, j] - t17[i, j]
            for i, j in T.Parallel(32, 32):
                t20[i, j] = t19[i, j] - t18[i, j]
            T.copy(t20, Y[by * 32, bx * 32])

    return main


kernel = chain(64, 64)
