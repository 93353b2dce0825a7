# A causal mask is a float32 tile, so it turns on fp32 DST accumulation (D4) even in a bfloat16
# kernel: DST then holds 4 tiles, not 8. B3 spills the expression the mask multiplies within
# those 4 (it used to plan for 8 and D5 rejected the 5-tile evaluation), and the kernel runs.
# RUN: %tltt compile %s --remarks=B3,D4 --verify-diagnostics
# RUN: %tltt run %s | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def masked(M, N):

    @T.prim_func
    # expected-remark@+1 {{fp32_dest_acc_en=true (a float32 or integer buffer takes part in compute), DST holds 4 tiles}}
    def main(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(1, 1) as (bx, by):
            x = T.alloc_shared((M, N), "bfloat16")
            y = T.alloc_fragment((M, N), "bfloat16")
            T.copy(X[0, 0], x)
            # expected-remark@+1 {{the expression stored to 'y' needs 5 DST tiles per output tile, more than the 4 DST holds: its deepest subtree is evaluated first into 'y_spill0'}}
            for i, j in T.Parallel(M, N):
                y[i, j] = T.if_then_else(i >= j, x[i, j] * (x[i, j] * (x[i, j] * (x[i, j] * T.exp(x[i, j])))), 0.0)
            T.copy(y, Y[0, 0])

    return main


kernel = masked(64, 64)
# CHECK: PASS
