# lower-to-sfpu rejects what it cannot map, with a located error naming the construct.
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(0)' 2>&1 | FileCheck %s --check-prefix=ERF
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(1)' 2>&1 | FileCheck %s --check-prefix=SEL
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(2)' 2>&1 | FileCheck %s --check-prefix=ROW
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(3)' 2>&1 | FileCheck %s --check-prefix=PART
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(4)' 2>&1 | FileCheck %s --check-prefix=CONST
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(5)' 2>&1 | FileCheck %s --check-prefix=POW
# RUN: not %tltt compile %s --stop-after=B3 --entry 'k(6)' 2>&1 | FileCheck %s --check-prefix=MOD
# RUN: %tltt compile %s --stop-after=D5 --print-after=B3 --entry 'k(7)' 2>&1 | FileCheck %s --check-prefix=DST
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def k(mode):
    M = 64
    N = 64
    dt = "float32"

    @T.prim_func
    def main(X: T.Tensor((M, N), dt), Y: T.Tensor((M, N), dt)):
        with T.Kernel(1, 1, threads=128) as (bx, by):
            x = T.alloc_shared((M, N), dt)
            r = T.alloc_fragment((M,), dt)
            y = T.alloc_fragment((M, N), dt)
            T.copy(X[0, 0], x)
            if mode == 0:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.erf(x[i, j])
            if mode == 1:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.if_then_else(i * 2 >= j, x[i, j], 0.0)
            if mode == 2:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.exp(x[i, j]) + r[j]
                T.reduce_sum(y, r, dim=1)
            if mode == 3:
                for i, j in T.Parallel(32, N):
                    y[i, j] = T.exp(x[i, j])
            if mode == 4:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.exp(x[i, j]) * T.exp(2.0)
            if mode == 5:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.pow(x[i, j], 0.5)
            if mode == 6:
                for i, j in T.Parallel(M, N):
                    y[i, j] = T.exp(x[i, j]) % 3.0
            if mode == 7:
                for i, j in T.Parallel(M, N):
                    y[i, j] = x[i, j] * (x[i, j] * (x[i, j] * (x[i, j] * T.exp(x[i, j]))))
            T.copy(y, Y[0, 0])

    return main


kernel = k(0)

# ERF: unmappable.py:29:31: error: call 'erf' cannot be mapped to tile operations
# SEL: unmappable.py:32:31: error: T.if_then_else condition 'i * 2 >= j' (masks compare `row_base + i` with `col_base + j` by >=, >, <= or < in a 2-D T.Parallel nest) cannot be mapped
# ROW: unmappable.py:36:17: error: vector 'r' is used both as a per-row value (`v[i]`, a column broadcast) and as a per-column value (`v[j]`, a row broadcast); use separate buffers
# ROW: unmappable.py:35:48: note: orientation decided here
# PART: unmappable.py:39:21: error: store to 'y' in this T.Parallel nest does not cover the whole block
# CONST: error: T.exp of a constant cannot be mapped
# POW: error: T.pow with an exponent that is not a constant integer in [0, 64]
# MOD: error: operator '%' cannot be mapped
# An expression needing more DST tiles than fp32 accumulation gives (5 > 4) is not an error: its
# deepest right operand is evaluated first into a spill block.
# DST: alloc y_spill0: fragment float32[64, 64]
# DST-NEXT: tt.sfpu(region(x), region(y_spill0), tile.mul(region(x), tile.mul(region(x), tile.mul(region(x), tile.exp(region(x))))))
# DST-NEXT: tt.sfpu(region(x), region(y_spill0), region(y), tile.mul(region(x), region(y_spill0)))
