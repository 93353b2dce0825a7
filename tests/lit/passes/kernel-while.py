# A `while` on a kernel expression (a trip count only known when the kernel runs) parses into a
# While statement whose body is translated once; `tltt compile` rejects one that does not count
# in A1 infer-layout with a located error (a condition that also reads data here; counting loops
# become serial loops: counted-whiles.py). A while on a compile-time condition still runs at
# compile time (tests/lit/frontend/loops.py).
# RUN: %tltt parse %s --entry 'walk(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'walk(64)' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def walk(M):

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32"), B: T.Tensor((M, M), "int32")):
        with T.Kernel(2) as bx:
            row = T.alloc_var(T.int32, bx)
            steps = T.alloc_var(T.int32, 0)
            # expected-error@+1 {{'while' on a kernel expression (a loop whose trip count is only known at run time) has no Tenstorrent lowering yet unless it counts (`v < n` on a kernel-local integer scalar, `v = v + c` with a positive constant c its last statement; docs/passes/A1); use T.serial with a bound}}
            while row < M and A[row, 0] > 0.0:
                steps = steps + 1
                row = row + 2
            B[bx, 0] = steps

    return k


# CHECK: alloc row: var int32[1]
# CHECK-NEXT: row[0] = bx
# CHECK: while row[0] < 64 and A[row[0], 0] > 0.0f {
# CHECK-NEXT: steps[0] = steps[0] + 1
# CHECK-NEXT: row[0] = row[0] + 2
# CHECK-NEXT: }
# CHECK-NEXT: B[bx, 0] = steps[0]
