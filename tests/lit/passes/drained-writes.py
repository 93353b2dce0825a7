# C4 and the values of an output block the writer never copies out: the writer copies out every
# value compute pushes into the block's CB, in order, so a T.clear the loop overwrites before
# any copy out is not computed at all, and a value only the code after the loop copies out is
# computed in the loop's last iteration alone (the other iterations pop the reads it would
# have popped). A write under a branch inside such a loop is an error (its last value is not
# known statically).
# RUN: %tltt compile %s --entry 'k(0)' --remarks=C4 -o %t0 2>&1 | FileCheck %s --check-prefix=DEAD
# RUN: %tltt compile %s --entry 'k(1)' --remarks=C4 -o %t1 2>&1 | FileCheck %s --check-prefix=LASTR
# RUN: %tltt compile %s --entry 'k(1)' --stop-after=C4 --print-after=C4 | FileCheck %s --check-prefix=LAST
# RUN: not %tltt compile %s --entry 'k(2)' -o %t2 2>&1 | FileCheck %s --check-prefix=BRANCH
# DEAD: drained-writes.py:34:13: remark: 'o': nothing copies out the value this writes (it is overwritten first), so it is not computed
# LASTR: drained-writes.py:42:21: remark: 'o': only the code after the loop copies out the value this writes, so it is computed in the loop's last iteration only
# LAST: for k in pipelined(0 +: 4
# LAST: if k == 3 {
# LAST-NEXT: tt.sfpu(region(y_s), region(o), tile.exp(region(y_s)))
# LAST-NEXT: cb_pop_front(region(y_s), 2)
# LAST-NEXT: } else {
# LAST-NEXT: cb_wait_front(region(y_s), 2)
# LAST-NEXT: cb_pop_front(region(y_s), 2)
# LAST: tt.write_tiles(region(o), region(Y))
# BRANCH: drained-writes.py:39:25: error: the value this writes to 'o' is copied out only after the loop, but a branch inside the loop decides whether it is written
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def k(form, M=64, N=128, bn=32):

    @T.prim_func
    def main(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N if form == 0 else bn), "bfloat16")):
        with T.Kernel(1) as b:
            y_s = T.alloc_shared((M, bn), "bfloat16")
            o = T.alloc_fragment((M, bn), "float32")
            T.clear(o)
            for k in T.Pipelined(N // bn, num_stages=0):
                T.copy(X[0, k * bn], y_s)
                if form == 2:
                    if k < 2:
                        for i, j in T.Parallel(M, bn):
                            o[i, j] = T.exp(y_s[i, j])
                else:
                    for i, j in T.Parallel(M, bn):
                        o[i, j] = T.exp(y_s[i, j])
                if form == 0:
                    T.copy(o, Y[0, k * bn])
            if form != 0:
                T.copy(o, Y[0, 0])

    return main


kernel = k(0)
