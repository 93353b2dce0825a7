# What the T.Parallel and T.fill forms still reject, each with a located error naming it.
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(0)' 2>&1 | FileCheck %s --check-prefix=INF
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(1)' 2>&1 | FileCheck %s --check-prefix=BLEND
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(2)' 2>&1 | FileCheck %s --check-prefix=FILLV
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(3)' 2>&1 | FileCheck %s --check-prefix=PART
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(4)' 2>&1 | FileCheck %s --check-prefix=SMALL
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def k(mode):
    M = 64
    N = 64
    dt = "float32"

    @T.prim_func
    def main(X: T.Tensor((M, N), dt), Y: T.Tensor((M, N), dt), n: T.int32):
        with T.Kernel(1, 1) as (bx, by):
            x = T.alloc_fragment((M, N), dt)
            y = T.alloc_fragment((M, N), dt)
            s = T.alloc_fragment((M, 16), dt)
            T.copy(X[0, 0], x)
            T.copy(X[0, 0], y)
            if mode == 0:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.if_then_else(x[i, j] > T.infinity(dt), 0, x[i, j])
            if mode == 1:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.if_then_else(x[i, j] > 0, T.infinity(dt), -T.infinity(dt))
            if mode == 2:
                T.fill(y, T.exp(x[0, 0]))
            if mode == 3:
                T.fill(y[0:n, :], 1.0)
            if mode == 4:
                T.fill(s, 0)
                T.copy(s, Y[0, 16])
            T.copy(y, Y[0, 0])

    return main


kernel = k(0)

# INF: forms-unsupported.py:27:31: error: T.if_then_else on 'x[i, j] > float32(inf)' (a comparison with an infinity is lowered by == or != only) cannot be mapped
# Two infinite sides (one infinite side is added as a log, tests/lit/sfpu/index-masks.py).
# BLEND: forms-unsupported.py:30:31: error: T.if_then_else selecting the constant inf by a condition on element values (only finite values are blended) cannot be mapped
# FILLV: forms-unsupported.py:32:33: error: T.fill with the value 'x[0, 0]' (fill values are constants, float32 kernel parameters
# PART: forms-unsupported.py:34:17: error: T.fill of part of 'y': the part must be a 2-D block region with constant bounds
# A block of 16 columns stored to columns inside the tensor is not padded (B1 pads column
# windows that are read, not ones stored to: the padding would overwrite the next columns):
# still a located error.
# SMALL: forms-unsupported.py:36:17: error: T.fill of 's' of shape [64, 16]: blocks smaller than a 32x32 tile cannot be filled by tile operations
