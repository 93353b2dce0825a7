# `break` and `continue` in a loop the front end runs at compile time (a `for` over a Python
# sequence, a `while` on a compile-time condition) inside a kernel act as in Python: only the
# iterations they leave are translated. A `break` skips the loop's `else`.
# RUN: %tltt parse %s | FileCheck %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(N):

    @T.prim_func
    def kern(A: T.Tensor((N, N), "float32"), B: T.Tensor((N, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i in [0, 1, 2, 3, 4, 5]:
                if i == 1:
                    continue
                if i == 3:
                    break
                T.copy(A[i * 32:i * 32 + 32, 0:32], B[i * 32:i * 32 + 32, 0:32])
            else:
                T.copy(A[0:32, 32:64], B[0:32, 32:64])
            k = 0
            while k < 10:
                k += 1
                if k == 2:
                    break
            T.copy(A[k * 32:k * 32 + 32, 64:96], B[0:32, 64:96])

    return kern


kernel = make(256)
# CHECK: copy A[0 +: 32, 0 +: 32] -> B[0 +: 32, 0 +: 32]
# CHECK-NEXT: copy A[64 +: 32, 0 +: 32] -> B[64 +: 32, 0 +: 32]
# CHECK-NEXT: copy A[64 +: 32, 64 +: 32] -> B[0 +: 32, 64 +: 32]
# CHECK-NOT: copy
