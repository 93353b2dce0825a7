# CB indices: inputs take 0..7, then the spare 8..15 (shared with intermediates). Nine tensor
# blocks read per kernel used to be an error (inputs stopped at 7); "nine" now compiles and runs.
# Seventeen leave no index for the last one: the error names every CB holding an input or spare
# index, at its allocation, and the exact change: the 17 blocks of A differ only in their first
# index, so one CB reads them one at a time in a loop. add(0) is that change applied: it compiles
# and runs.
# RUN: %tltt compile %s --entry 'add(9)' --remarks=C3 -o %t 2>&1 | FileCheck %s --check-prefix=NINE
# RUN: %tltt run %s --entry 'add(9)' | FileCheck %s --check-prefix=RUNOUT
# RUN: %tltt compile %s --entry 'add(17)' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'add(17)' -o %t 2> %t.err
# RUN: %python %S/Inputs/fixit_in_source.py %t.err %s code | FileCheck %s --check-prefix=FIXIT
# FIXIT: applied in the source: for k in T.serial(17):
# FIXIT: applied in the source: T.copy(A[k, by * 32, bx * 32], a0)
# RUN: %tltt run %s --entry 'add(0)' | FileCheck %s --check-prefix=RUNOUT
# Intermediates: with cb-sharing off (-O0 or by name) the fix-it is the option that turns it on
# when its sharing frees enough indices; applied, the kernel compiles.
# RUN: not %tltt compile %S/../../e2e/kernels/cb_sharing_chain.py --entry 'chain(64, 64)' -O0 -o %t 2>&1 | FileCheck %s --check-prefix=MID-O0
# MID-O0: cb_sharing_chain.py:34:19: error: too many circular buffers: no free intermediate CB index left for 't16' (intermediates take 24..31, then the spare 8..15; all are in use)
# MID-O0: cb_sharing_chain.py:34:19: note: try `-O1` instead of `-O0`: cb-sharing puts the 20 compute intermediates on 3 CBs, whose values are never live at the same time
# RUN: %tltt compile %S/../../e2e/kernels/cb_sharing_chain.py --entry 'chain(64, 64)' -O1 -o %t
# RUN: not %tltt compile %S/../../e2e/kernels/cb_sharing_chain.py --entry 'chain(64, 64)' --disable-pass cb-sharing -o %t 2>&1 | FileCheck %s --check-prefix=MID-OFF
# MID-OFF: cb_sharing_chain.py:34:19: note: try compiling without `--disable-pass cb-sharing`: cb-sharing puts the 20 compute intermediates on 3 CBs, whose values are never live at the same time
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(n):

    @T.prim_func
    def main(A: T.Tensor((17, 64, 64), "bfloat16"), Y: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(2, 2) as (bx, by):
            # expected-note@+1 {{CB 0 'a0' is an input CB}}
            a0 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 1 'a1' is an input CB}}
            a1 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 2 'a2' is an input CB}}
            a2 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 3 'a3' is an input CB}}
            a3 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 4 'a4' is an input CB}}
            a4 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 5 'a5' is an input CB}}
            a5 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 6 'a6' is an input CB}}
            a6 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 7 'a7' is an input CB}}
            a7 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 8 'a8' is an input CB}}
            a8 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 9 'a9' is an input CB}}
            a9 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 10 'a10' is an input CB}}
            a10 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 11 'a11' is an input CB}}
            a11 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 12 'a12' is an input CB}}
            a12 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 13 'a13' is an input CB}}
            a13 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 14 'a14' is an input CB}}
            a14 = T.alloc_shared((32, 32), "bfloat16")
            # expected-note@+1 {{CB 15 'a15' is an input CB}}
            a15 = T.alloc_shared((32, 32), "bfloat16")
            # expected-error@+2 {{too many circular buffers: no free input CB index left for 'a16' (inputs take 0..7, then the spare 8..15; all are in use)}}
            # expected-note@+1 {{try moving the 17 blocks of 'A' in 'a0' ... 'a16' one at a time through 'a0', in a loop with the work on each block inside it: `for k in T.serial(17):` and `T.copy(A[k, by * 32, bx * 32], a0)`}}
            a16 = T.alloc_shared((32, 32), "bfloat16")
            y = T.alloc_fragment((32, 32), "bfloat16")
            if n == 9:
                T.copy(A[0, by * 32, bx * 32], a0)
                T.copy(A[1, by * 32, bx * 32], a1)
                T.copy(A[2, by * 32, bx * 32], a2)
                T.copy(A[3, by * 32, bx * 32], a3)
                T.copy(A[4, by * 32, bx * 32], a4)
                T.copy(A[5, by * 32, bx * 32], a5)
                T.copy(A[6, by * 32, bx * 32], a6)
                T.copy(A[7, by * 32, bx * 32], a7)
                T.copy(A[8, by * 32, bx * 32], a8)
                for i, j in T.Parallel(32, 32):
                    y[i, j] = a0[i, j] + a1[i, j] + a2[i, j] + a3[i, j] + a4[i, j] + a5[i, j] + a6[i, j] + a7[i, j] + a8[i, j]
            if n == 17:
                T.copy(A[0, by * 32, bx * 32], a0)
                T.copy(A[1, by * 32, bx * 32], a1)
                T.copy(A[2, by * 32, bx * 32], a2)
                T.copy(A[3, by * 32, bx * 32], a3)
                T.copy(A[4, by * 32, bx * 32], a4)
                T.copy(A[5, by * 32, bx * 32], a5)
                T.copy(A[6, by * 32, bx * 32], a6)
                T.copy(A[7, by * 32, bx * 32], a7)
                T.copy(A[8, by * 32, bx * 32], a8)
                T.copy(A[9, by * 32, bx * 32], a9)
                T.copy(A[10, by * 32, bx * 32], a10)
                T.copy(A[11, by * 32, bx * 32], a11)
                T.copy(A[12, by * 32, bx * 32], a12)
                T.copy(A[13, by * 32, bx * 32], a13)
                T.copy(A[14, by * 32, bx * 32], a14)
                T.copy(A[15, by * 32, bx * 32], a15)
                T.copy(A[16, by * 32, bx * 32], a16)
                for i, j in T.Parallel(32, 32):
                    y[i, j] = a0[i, j] + a1[i, j] + a2[i, j] + a3[i, j] + a4[i, j] + a5[i, j] + a6[i, j] + a7[i, j] + a8[i, j] + a9[i, j] + a10[i, j] + a11[i, j] + a12[i, j] + a13[i, j] + a14[i, j] + a15[i, j] + a16[i, j]
            if n == 0:
                T.fill(y, 0)
                for k in T.serial(17):
                    T.copy(A[k, by * 32, bx * 32], a0)
                    for i, j in T.Parallel(32, 32):
                        y[i, j] = y[i, j] + a0[i, j]
            T.copy(y, Y[by * 32, bx * 32])

    return main


# NINE: remark: CB 'a8' gets index 8: it is input (filled by the reader; inputs take 0..7, then the spare 8..15) [tile-dataflow-graph.cb-index]
# RUNOUT: PASS
