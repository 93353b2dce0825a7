# C4 and an output block written, then overwritten or copied out on some paths of an `if` only:
# the writer copies out every value compute pushes into the block's CB and compute cannot drop
# one, so the first write moves to the start of both branches (passes/cb_branch_writes.cc) and
# is dropped where the branch overwrites it. Before, the clear was pushed on every path and the
# writer copied it out instead of the branch's value (silently wrong output).
# RUN: %tltt compile %s --stop-after=C4 --print-after=C4 --remarks=C4 2>&1 | FileCheck %s
# CHECK: drained-branch-writes.py:30:13: remark: 'y': an `if` after this overwrites or copies out the value on some of its paths only
# CHECK: drained-branch-writes.py:30:13: remark: 'y': nothing copies out the value this writes (it is overwritten first)
# CHECK: tt.read_tiles(region(X[
# CHECK-NEXT: if by != 1 {
# CHECK-NEXT: tt.sfpu(region(x), region(y), tile.mul(region(x), 2.0f))
# CHECK-NEXT: cb_pop_front(region(x), 1)
# CHECK-NEXT: } else {
# CHECK: tt.sfpu(region(y), 0.0f)
# CHECK-NEXT: }
# CHECK-NEXT: tt.write_tiles(region(y), region(C[
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def cleared(M, N, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), dtype)
            y = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x)
            T.clear(y)
            if by != 1:
                for i, j in T.Parallel(bm, bn):
                    y[i, j] = x[i, j] * 2
            T.copy(y, C[by * bm, bx * bn])

    return main


kernel = cleared(96, 64)
