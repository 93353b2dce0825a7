# Kernel-local integer scalars A1 cannot write as lets (passes/scalar_vars.h) are located errors:
# a read before the first assignment, a value carried between iterations of a loop that also
# does tile work, a read after an `if` that assigned it beside tile work, and a scalar loop too
# long to unroll.
# RUN: %tltt compile %s --entry 'scalars()' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scalars():

    @T.prim_func
    def k(A: T.Tensor((64, 64), "float32"), L: T.Tensor((4,), "int32"),
          B: T.Tensor((64, 64), "float32")):
        with T.Kernel(2) as bx:
            s = T.alloc_shared((32, 64), "float32")
            a = T.alloc_var("int32")
            c = T.alloc_var("int32")
            d = T.alloc_local([1], "int32")
            e = T.alloc_var("int32", init=0)
            # expected-error@+1 {{kernel-local scalar 'a' is read before it is assigned}}
            T.copy(A[a * 32, 0], s)
            c = 0
            for t in T.serial(2):
                # expected-error@+1 {{kernel-local scalar 'c' carries a value from one iteration of the loop at line 25 to the next, and the loop also does tile work: not lowered yet (a loop of scalar assignments only is unrolled)}}
                c = c + L[t]
                T.copy(A[t * 32, 0], s)
            if L[0] > 0:
                d[0] = 1
                T.copy(A[32, 0], s)
            # expected-error@+1 {{kernel-local scalar 'd' is assigned in an 'if' that also does other work (line 29): its value after the 'if' is not lowered yet; assign it with T.if_then_else or in an 'if' of scalar assignments only}}
            T.copy(s, B[d[0] * 32, 0])
            # expected-error@+1 {{a loop that assigns kernel-local scalars is unrolled when compiling: it needs a trip count of at most 256 (this one has up to 300)}}
            for t in T.serial(300):
                e = e + L[t % 4]
            T.copy(s, B[bx * 32 + e, 0])

    return k
