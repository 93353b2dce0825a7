# A kernel with a user error (an undefined name): `tltt run` must print the located diagnostic
# and a FAIL line, exit 1, and never reach the simulator.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def broken(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(1) as bx:
            for i, j in T.Parallel(M, N):
                C[i, j] = A[i, j] * scale_factor

    return kernel


kernel = broken(32, 32)
