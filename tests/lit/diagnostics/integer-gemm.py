# An int32 GEMM (issue 13, formats): the matrix engine multiplies int8 into int32 DST, which the
# simulator does not model, so C1 reports the operands and the accumulator where they are first
# used (integer element-wise compute runs: tests/e2e/kernels/int_eltwise.py).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def int_gemm(M, N, K):

    @T.prim_func
    def main(A: T.Tensor((M, K), "int32"), B: T.Tensor((K, N), "int32"),
             C: T.Tensor((M, N), "int32")):
        with T.Kernel(1) as bx:
            a = T.alloc_shared((M, K), "int32")
            b = T.alloc_shared((K, N), "int32")
            c = T.alloc_fragment((M, N), "int32")
            # expected-error@+1 {{on-chip buffer 'a' (int32, first used here) is a GEMM operand: the matrix engine multiplies int8 into int32 DST, which the simulator does not model}}
            T.copy(A[0, 0], a)
            # expected-error@+1 {{on-chip buffer 'b' (int32, first used here) is a GEMM operand}}
            T.copy(B[0, 0], b)
            # expected-error@+1 {{on-chip buffer 'c' (int32, first used here) is a GEMM operand}}
            T.gemm(a, b, c, clear_accum=True)
            T.copy(c, C[0, 0])

    return main


kernel = int_gemm(32, 32, 32)
