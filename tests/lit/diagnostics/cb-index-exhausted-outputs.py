# CB indices: outputs take 16..23. Nine output blocks leave no index for the ninth: the error names
# every output CB, at its allocation, and the exact change: the nine blocks of Y differ only in
# their first index, so one CB writes them one at a time in a loop. split(0) is that change
# applied: it compiles and runs.
# RUN: %tltt compile %s --entry 'split(9)' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'split(9)' -o %t 2> %t.err
# RUN: %python %S/Inputs/fixit_in_source.py %t.err %s code | FileCheck %s
# CHECK: applied in the source: for k in T.serial(9):
# CHECK: applied in the source: T.copy(y0, Y[k, by * 32, bx * 32])
# RUN: %tltt run %s --entry 'split(0)' | FileCheck %s --check-prefix=RUNOUT
# RUNOUT: PASS
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def split(n):

    @T.prim_func
    def main(A: T.Tensor((64, 64), "bfloat16"), Y: T.Tensor((9, 64, 64), "bfloat16")):
        with T.Kernel(2, 2) as (bx, by):
            a = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 16 'y0' is an output CB}}
            y0 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-note@+1 {{CB 17 'y1' is an output CB}}
            y1 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-note@+1 {{CB 18 'y2' is an output CB}}
            y2 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-note@+1 {{CB 19 'y3' is an output CB}}
            y3 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-note@+1 {{CB 20 'y4' is an output CB}}
            y4 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-note@+1 {{CB 21 'y5' is an output CB}}
            y5 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-note@+1 {{CB 22 'y6' is an output CB}}
            y6 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-note@+1 {{CB 23 'y7' is an output CB}}
            y7 = T.alloc_fragment((32, 32), "bfloat16")
            # expected-error@+2 {{too many circular buffers: no free output CB index left for 'y8' (outputs take 16..23; all are in use)}}
            # expected-note@+1 {{try moving the 9 blocks of 'Y' in 'y0' ... 'y8' one at a time through 'y0', in a loop with the work on each block inside it: `for k in T.serial(9):` and `T.copy(y0, Y[k, by * 32, bx * 32])`}}
            y8 = T.alloc_fragment((32, 32), "bfloat16")
            T.copy(A[by * 32, bx * 32], a)
            if n == 9:
                for i, j in T.Parallel(32, 32):
                    y0[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y1[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y2[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y3[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y4[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y5[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y6[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y7[i, j] = a[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y8[i, j] = a[i, j] * 2.0
                T.copy(y0, Y[0, by * 32, bx * 32])
                T.copy(y1, Y[1, by * 32, bx * 32])
                T.copy(y2, Y[2, by * 32, bx * 32])
                T.copy(y3, Y[3, by * 32, bx * 32])
                T.copy(y4, Y[4, by * 32, bx * 32])
                T.copy(y5, Y[5, by * 32, bx * 32])
                T.copy(y6, Y[6, by * 32, bx * 32])
                T.copy(y7, Y[7, by * 32, bx * 32])
                T.copy(y8, Y[8, by * 32, bx * 32])
            if n == 0:
                for k in T.serial(9):
                    for i, j in T.Parallel(32, 32):
                        y0[i, j] = a[i, j] * 2.0
                    T.copy(y0, Y[k, by * 32, bx * 32])

    return main
