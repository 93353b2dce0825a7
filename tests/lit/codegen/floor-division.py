# TileLang's `//` and `%` round toward minus infinity; C's `/` and `%` truncate toward zero and
# kernel integers are uint32_t. The kernel emitter keeps the cheap form where both operands are
# provably non-negative (grid indices from the block id, loop variables, the compiler's runtime
# arguments) and computes the floor form on int32_t where one may be negative: an int32
# index-tensor element, a kernel scalar (`shift` may be set negative), a sum with either. A
# remainder by a power of two stays `%` on uint32_t (2^32 is a multiple of it: the same value;
# passes/int-scalars.py).
# RUN: rm -rf %t && %tltt compile %s -o %t/a && FileCheck %s --input-file %t/a/reader.cpp
# RUN: %tltt compile %s --entry 'rotate(96, 64)' -o %t/b && FileCheck %s --check-prefix=SCALAR --input-file %t/b/reader.cpp
# CHECK: const uint32_t bx = block_id % 3;
# CHECK: const uint32_t bz = block_id / 6;
# CHECK: const uint32_t s = ((static_cast<int32_t>(Idx_element) - (static_cast<int32_t>(Idx_element) < 0 ? 2 : 0)) / 3) * 4 + 12;
# CHECK: const uint32_t t = ((static_cast<int32_t>(Idx_element_1) % 5 + 5) % 5) * 7;
# SCALAR: const uint32_t shift = get_arg_val<uint32_t>(3);
# SCALAR: noc_async_read_tile(((static_cast<int32_t>(by + shift) % 3 + 3) % 3) * 2 + bx,
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def floor_offsets(batch, seq, heads, dim, nsel, bn=32, dtype="float32"):

    @T.prim_func
    def main(KV: T.Tensor((batch, seq, heads, dim), dtype), Idx: T.Tensor((batch, nsel), "int32"),
             Y: T.Tensor((batch, nsel * bn, heads, dim), dtype)):
        with T.Kernel(nsel, heads, batch) as (bx, by, bz):
            k = T.alloc_shared((bn, dim), dtype)
            v = T.alloc_shared((bn, dim), dtype)
            y = T.alloc_fragment((bn, dim), dtype)
            s = Idx[bz, bx] // 3 * 4 + 12
            t = Idx[bz, bx] % 5 * 7
            T.copy(KV[bz, s:s + bn, by, :], k)
            T.copy(KV[bz, t:t + bn, by, :], v)
            for i, j in T.Parallel(bn, dim):
                y[i, j] = k[i, j] + v[i, j]
            T.copy(y, Y[bz, bx * bn:(bx + 1) * bn, by, :])

    return main


@tilelang.jit(out_idx=[-1])
def rotate(M, N, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), shift: T.int32, Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), dtype)
            T.copy(X[((by + shift) % (M // bm)) * bm, bx * bn], x)
            T.copy(x, Y[by * bm, bx * bn])

    return main


kernel = floor_offsets(2, 96, 2, 64, 3)
