# Kernel-local float scalars B3 cannot compute (passes/scalar_vars.h, sfpu/fill.cc) are located
# errors naming the construct: a scalar assigned an element of an on-chip block at a fixed
# position (only whole blocks and one-element blocks are tile operands), and one assigned from
# an integer tensor element (only float elements are copied into a block).
# RUN: %tltt compile %s --entry 'scalars()' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scalars():

    @T.prim_func
    def k(A: T.Tensor((64, 64), "float32"), L: T.Tensor((4,), "int32"),
          B: T.Tensor((64, 64), "float32")):
        with T.Kernel(2) as bx:
            x = T.alloc_fragment((32, 64), "float32")
            s = T.alloc_var(T.float32)
            t = T.alloc_var(T.float32)
            T.copy(A[bx * 32, 0], x)
            # expected-error@+1 {{load 'x[3, 5]' (only whole-block accesses `buf[i, j]` with the nest's loop variables, and per-row `v[i]` / per-column `v[j]` vectors) cannot be mapped to tile operations by the Tenstorrent element-wise lowering (lower-to-sfpu)}}
            s = x[3, 5]
            # expected-error@+1 {{the value 'cast(float32, L[bx, 0])' assigned to kernel-local float scalar 't' (values that read no block are constants, float lets of kernel values, float32 kernel parameters, and +, -, * and math calls of them; float tensor elements are copied into a block first) cannot be mapped to tile operations}}
            t = T.cast(L[bx], "float32")
            for i, j in T.Parallel(32, 64):
                x[i, j] = x[i, j] * s + t
            T.copy(x, B[bx * 32, 0])

    return k
