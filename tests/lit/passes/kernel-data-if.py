# An `if` on an element of an on-chip buffer the kernel computes (not a copy of a tensor region,
# e.g. a running maximum) is rejected by A1 infer-layout with a located error instead of
# reaching the tile passes. A buffer only copied whole from a tensor region and read in `if`
# conditions (a block-sparse mask row) is read from the tensor instead (scalar-branches.py).
# RUN: %tltt compile %s --entry 'skip_blocks(64)' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def skip_blocks(N):

    @T.prim_func
    def k(A: T.Tensor((2, N, 32), "float32"), Mask: T.Tensor((2, N // 32), "float32"),
          B: T.Tensor((2, 32, 32), "float32")):
        with T.Kernel(2) as bx:
            a = T.alloc_fragment((32, 32), "float32")
            acc = T.alloc_fragment((32, 32), "float32")
            mask = T.alloc_fragment((N // 32,), "float32")
            T.copy(Mask[bx, :], mask)
            for i in T.Parallel(N // 32):
                mask[i] = mask[i] * 2.0
            T.clear(acc)
            for kb in T.serial(N // 32):
                # expected-error@+1 {{'if' on an element of on-chip buffer 'mask' (control flow that depends on data, e.g. a block-sparse mask or an index) has no Tenstorrent lowering yet}}
                if mask[kb] != 0:
                    T.copy(A[bx, kb * 32:(kb + 1) * 32, :], a)
                    for i, j in T.Parallel(32, 32):
                        acc[i, j] += a[i, j]
            T.copy(acc, B[bx, :, :])

    return k
