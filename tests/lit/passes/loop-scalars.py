# A1 and a kernel-local integer scalar a loop doing tile work assigns from tensor elements
# (`if flags[g, k] > 0: last = k` beside loads and sums): every kernel evaluates the scalar part
# of the loop, unrolled, one let per iteration after the loop, reading the elements (the reader
# reads them for the others); the loop keeps its tile work and its branch reads the staged
# element. A loop that also reads the scalar it assigns keeps the located error.
# RUN: %tltt compile %s --entry 'k(0)' --stop-after=A1 --print-after=A1 | FileCheck %s
# RUN: not %tltt compile %s --entry 'k(1)' -o %t 2>&1 | FileCheck %s --check-prefix=ERR
# CHECK: for k in serial(0 +: 3) {
# CHECK: if flags_elem[0, 0] > 0 {
# CHECK-NOT: let last
# CHECK: let last: int32 = select(flags[g, 1, 0, 0] > 0, 1, 0)
# CHECK-NEXT: let last_1: int32 = select(flags[g, 2, 0, 0] > 0, 2, last)
# CHECK-NEXT: copy acc -> Y[(g * 3 + last_1) * 32 +: 32, 0 +: 64]
# ERR: loop-scalars.py:[[@LINE+24]]:{{[0-9]+}}: error: kernel-local scalar 'last'
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def k(form, groups=4, per=3, dim=64, bm=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), flags: T.Tensor((groups, per), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            acc = T.alloc_fragment((bm, dim), dtype)
            last = T.alloc_var("int32")
            last = 0
            T.clear(acc)
            for k in T.serial(per):
                if flags[g, k] > 0:
                    last = k
                    T.copy(X[(g * per + k) * bm:(g * per + k + 1) * bm, :], x)
                    for i, j in T.Parallel(bm, dim):
                        acc[i, j] += x[i, j]
                if form == 1:
                    T.copy(x, Y[(g * per + last) * bm:(g * per + last + 1) * bm, :])
            T.copy(acc, Y[(g * per + last) * bm:(g * per + last + 1) * bm, :])

    return main


kernel = k(0)
