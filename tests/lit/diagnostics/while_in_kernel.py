# A while loop on a kernel expression (its trip count is only known at run time) has no form in
# the tile IR; one on a compile-time condition runs at compile time (tests/lit/frontend/loops.py).
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            n = T.alloc_var(T.int32, 0)
            # expected-error@+1 {{'while' on a kernel expression (a loop whose trip count is only known at run time) has no Tenstorrent lowering; use T.serial or range with a bound}}
            while n < A[0, 0]:
                n += 1

    return kern


kernel = make(64, 64)
