# An eager kernel whose T.const symbol has no value.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit
def scale(A, factor=2.0):
    # expected-error@+1 {{no value for T.const symbol 'N' (pass it when instantiating, e.g. scale.compile(N=...), or with --set N=VALUE)}}
    M, N = T.const("M, N")
    A: T.Tensor((M, N), T.float32)
    B = T.empty((M, N), T.float32)
    with T.Kernel(1) as bx:
        for i, j in T.Parallel(M, N):
            B[i, j] = A[i, j] * factor
    return B


kernel = scale.compile(M=64)
