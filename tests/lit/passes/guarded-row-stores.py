# Stores of the rows a sequence has (varlen kernels: `if bx * bm + i < n: Y[start + bx * bm + i,
# h, d] = o[i, d]`, issue 13): C1's preparation makes the nest a T.copy of the block whose row
# extent is the run-time count min(n - bx * bm, bm), C2 a row write, D3 the writer's
# row_scatter of max(that, 0) rows at the run-time offset (the writer takes `start` and `n` from
# its index mailbox). Kernels: tests/e2e/kernels/varlen_stores.py.
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 --print-after=C1 --remarks=D3 -o %t > %t.ir 2> %t.remarks
# RUN: FileCheck %s --check-prefix=C1 < %t.ir
# C1: copy o -> Y[by +: 1, start + bx * 32 +: min(n - bx * 32, 32), 0 +: 64]
# C1-NOT: if bx * 32 + i
# RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
# REMARK: varlen_stores.py:27:13: remark: writes the first max(min(n - bx * 32, 32), 0) rows of CB 'o' to 'Y' at [start + bx * 32, 0]
# RUN: FileCheck %s --check-prefix=WRITER --input-file %t/writer.cpp
# WRITER: const uint32_t n = {{.*}} - start;
# WRITER: row_scatter(l1_read_addr, Y_accessor, by * 10, start + bx * 32, 0, (static_cast<int32_t>((static_cast<int32_t>(n - bx * 32) < 32 ? static_cast<int32_t>(n - bx * 32) : 32)) > 0 ? {{.*}} : 0), 64, 5, 2, 4);
# The forms the writer cannot serve keep the located error (a guard on the columns, rows that
# do not move one by one with the block's):
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def guards(batch, tokens, dim):

    @T.prim_func
    def k(X: T.Tensor((tokens, dim), "float32"), cu: T.Tensor((batch + 1,), "int32"),
          Y: T.Tensor((tokens, dim), "float32"), Z: T.Tensor((tokens, dim), "float32")):
        with T.Kernel(batch) as bz:
            o = T.alloc_shared((32, dim), "float32")
            start = cu[bz]
            n = cu[bz + 1] - start
            T.copy(X[start:start + 32, :], o)
            for i, d in T.Parallel(32, dim):
                if d < n:
                    # expected-error@+1 {{a store to tensor 'Y' at [start + i, d] in a T.Parallel nest}}
                    Y[start + i, d] = o[i, d]
            for i, d in T.Parallel(32, dim):
                if i < n:
                    # expected-error@+1 {{a store to tensor 'Z' at [start + 2 * i, d] in a T.Parallel nest}}
                    Z[start + 2 * i, d] = o[i, d]

    return k


kernel = guards(2, 96, 64)
