# Names assigned in `if __name__ == "__main__":` are module globals when the file runs as a
# script (how kernel files are run), so a factory that reads one (here `ROWS`) finds its value,
# as Python would.
# RUN: %tltt parse %s | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit
def scale(N):

    @T.prim_func
    def k(A: T.Tensor((ROWS, N), "float32"), B: T.Tensor((ROWS, N), "float32")):
        with T.Kernel(ROWS) as bx:
            for j in T.Parallel(N):
                B[bx, j] = A[bx, j] * 2.0

    return k


if __name__ == "__main__":
    ROWS, COLS = 8, 32
    kernel = scale(64)

# CHECK: func k(A: global float32[8, 64], B: global float32[8, 64])
