# Loop constructs: T.serial with start/stop, T.grid, T.unroll, T.vectorized, range with a step,
# a parenthesised target, T.Pipelined(start, stop) with order/stage, and compile-time unrolled
# Python loops inside the kernel (over a list, and a while on a compile-time condition).
# RUN: %tltt parse %s | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def loops(N):

    @T.prim_func
    def k(A: T.Tensor((N, N), "float32"), B: T.Tensor((N, N), "float32")):
        with T.Kernel(2) as bx:
            for i in T.serial(4, 12):
                B[i, 0] = A[i, 0]
            for i, j in T.grid(2, 3):
                B[i, j] = A[j, i]
            for u in T.unroll(4):
                B[u, 1] = 0.0
            for v in T.vectorized(8):
                B[2, v] = A[2, v] + 1
            for s in range(1, 9, 2):
                B[s, 3] = A[s, 3]
            for (r, c) in T.Parallel(N, 4):
                B[r, c] = A[r, c] * 2.0
            for p in T.Pipelined(1, N - 1, num_stages=2, order=[0, 1], stage=[0, 0]):
                B[p, 5] = A[p, 5]
            for col in [6, 7]:
                B[bx, col] = A[bx, col]
            w = 8
            while w < 10:
                B[bx, w] = A[bx, w]
                w += 1
            else:
                B[bx, w] = 0.0

    return k


kernel = loops(16)
# CHECK-LABEL: {{^}}func k(A: global float32[16, 16], B: global float32[16, 16]) attrs {tl.factory = "loops", tl.out_idx = [1], tl.outputs = ["B"]} {
# CHECK-NEXT: {{^}}  launch (bx < 2) {
# CHECK-NEXT: {{^}}    for i in serial(4 +: 8) {
# CHECK-NEXT: {{^}}      B[i, 0] = A[i, 0]
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    for i_1 in serial(0 +: 2) {
# CHECK-NEXT: {{^}}      for j in serial(0 +: 3) {
# CHECK-NEXT: {{^}}        B[i_1, j] = A[j, i_1]
# CHECK-NEXT: {{^}}      }
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    for u in unrolled(0 +: 4) {
# CHECK-NEXT: {{^}}      B[u, 1] = 0.0f
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    for v in vectorized(0 +: 8) {
# CHECK-NEXT: {{^}}      B[2, v] = A[2, v] + 1.0f
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    for s in serial(0 +: 4) {
# CHECK-NEXT: {{^}}      B[1 + s * 2, 3] = A[1 + s * 2, 3]
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    for r in parallel(0 +: 16) {
# CHECK-NEXT: {{^}}      for c in parallel(0 +: 4) {
# CHECK-NEXT: {{^}}        B[r, c] = A[r, c] * 2.0f
# CHECK-NEXT: {{^}}      }
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    for p in pipelined(1 +: 14, num_stages=2) {order = [0, 1], stage = [0, 0]} {
# CHECK-NEXT: {{^}}      B[p, 5] = A[p, 5]
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    B[bx, 6] = A[bx, 6]
# CHECK-NEXT: {{^}}    B[bx, 7] = A[bx, 7]
# CHECK-NEXT: {{^}}    B[bx, 8] = A[bx, 8]
# CHECK-NEXT: {{^}}    B[bx, 9] = A[bx, 9]
# CHECK-NEXT: {{^}}    B[bx, 10] = 0.0f
# CHECK-NEXT: {{^}}  }
# CHECK-NEXT: {{^}}}
