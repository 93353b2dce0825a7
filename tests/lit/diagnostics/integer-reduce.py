# An int32 row sum (issue 13, formats): reduce_tile runs on the FPU, which reduces float tiles,
# and the SDK has no integer reduction tile op, so C1 reports the reduced block where it is first
# used (integer element-wise compute runs: tests/e2e/kernels/int_eltwise.py).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def int_rowsum(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "int32"), Y: T.Tensor((M,), "int32")):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((M, N), "int32")
            s = T.alloc_fragment((M,), "int32")
            # expected-error@+1 {{on-chip buffer 'x' (int32, first used here) is reduced: reduce_tile runs on the FPU, which reduces float tiles only, and the SDK has no integer reduction}}
            T.copy(X[0, 0], x)
            T.reduce_sum(x, s, dim=1)
            T.copy(s, Y[0])

    return main


kernel = int_rowsum(32, 32)
