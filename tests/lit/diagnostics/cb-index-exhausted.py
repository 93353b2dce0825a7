# CB indices: inputs take 0..7, then the spare 8..15 (shared with intermediates). Nine tensor
# blocks read per kernel used to be an error (inputs stopped at 7); "nine" now compiles and runs.
# Seventeen leave no index for the last one: the error names every CB holding an input or spare
# index, at its allocation, and what to change.
# RUN: %tltt compile %s --entry 'add(9)' --remarks=C3 -o %t 2>&1 | FileCheck %s --check-prefix=NINE
# RUN: %tltt run %s --entry 'add(9)' | FileCheck %s --check-prefix=RUNOUT
# RUN: %tltt compile %s --entry 'add(17)' --verify-diagnostics
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
            # expected-note@+1 {{try reading fewer tensor blocks per kernel: one T.copy of a larger block instead of several of adjacent ones, or the work split over two kernels}}
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
            T.copy(y, Y[by * 32, bx * 32])

    return main


# NINE: remark: CB 'a8' gets index 8: it is input (filled by the reader; inputs take 0..7, then the spare 8..15) [tile-dataflow-graph.cb-index]
# RUNOUT: PASS
