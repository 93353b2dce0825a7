# `while` loops that do not count keep A1's located error (counting ones become serial loops:
# tests/lit/passes/counted-whiles.py): a step that is not a constant (stream-K's walk to the
# next tile boundary, `start = T.min(start + step - start % step, last)`), a bound the loop
# writes, and a scalar assigned before the loop's last statement.
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def walks(M):

    @T.prim_func
    def k(A: T.Tensor((M, 32), "float32"), B: T.Tensor((M, 32), "float32")):
        with T.Kernel(2) as bx:
            a = T.alloc_shared((32, 32), "float32")
            start = T.alloc_var(T.int32, bx * 3)
            last = T.alloc_var(T.int32, M // 32)
            # expected-error@+1 {{'while' on a kernel expression (a loop whose trip count is only known at run time) has no Tenstorrent lowering yet unless it counts (`v < n` on a kernel-local integer scalar, `v = v + c` with a positive constant c its last statement; docs/passes/A1); use T.serial with a bound}}
            while start < last:
                T.copy(A[start * 32:(start + 1) * 32, :], a)
                T.copy(a, B[start * 32:(start + 1) * 32, :])
                start = T.min(start + 2 - start % 2, last)
            n = T.alloc_var(T.int32, bx)
            m = T.alloc_var(T.int32, M // 32)
            # expected-error@+1 {{'while' on a kernel expression}}
            while n < m:
                T.copy(A[n * 32:(n + 1) * 32, :], a)
                T.copy(a, B[n * 32:(n + 1) * 32, :])
                m = m - 1
                n = n + 1
            r = T.alloc_var(T.int32, bx)
            # expected-error@+1 {{'while' on a kernel expression}}
            while r < M // 32:
                r = r + 1
                T.copy(A[r * 32:(r + 1) * 32, :], a)
                T.copy(a, B[r * 32:(r + 1) * 32, :])

    return k


kernel = walks(128)
