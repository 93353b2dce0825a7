# A T.Kernel grid extent computed from an integer kernel scalar (the host's `max_seqlen` of
# varlen attention) is a host value: without a value the error names the scalar and says how to
# give it (--set NAME=VALUE builds the program for that value: tests/lit/passes/int-scalars.py).
# RUN: not %tltt compile %s --entry 'rows(256, 64)' -o %t 2>&1 | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rows(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), n_rows: T.int32, Y: T.Tensor((M, N), "float32")):
        # CHECK: grid_from_scalar.py:[[@LINE+1]]:9: error: grid extent 'ceildiv(n_rows, 32)' is not a compile-time constant: it depends on the kernel scalar parameter 'n_rows', a host value; the block grid is fixed when the program is built (give the value the program is built for with --set n_rows=VALUE, or make the size a T.dynamic size or a constant)
        with T.Kernel(T.ceildiv(n_rows, 32)) as bx:
            x = T.alloc_fragment((32, N), "float32")
            T.copy(X[bx * 32, 0], x)
            T.copy(x, Y[bx * 32, 0])

    return main
