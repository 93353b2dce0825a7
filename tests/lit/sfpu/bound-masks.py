# B3 lowers T.if_then_else on a block position (`base + i`, `base + j`, base a multiple of 32)
# compared with a constant bound by <, <=, >= or > (either operand first) to a bound mask tile:
# the tile's true value before the bound, false value past it, decided per tile at run time,
# the reader's partial tile (relation "col<N % 32" / "row<N % 32") where the bound falls.
# `>=` and `>` swap the values, `<=` and `>` use N + 1; `and` / `or` become two masks combined
# like nested selects (mul with 0 outside, add with -inf). A base that is not a multiple of 32
# makes a run-time bound mask instead (tests/lit/sfpu/runtime-masks.py).
# RUN: %tltt compile %s --entry 'masked("ge")' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=GE
# RUN: %tltt compile %s --entry 'masked("and")' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=AND
# RUN: %tltt compile %s --entry 'masked("or")' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=OR
# RUN: %tltt compile %s --entry 'masked("le_flipped")' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=LE
# RUN: %tltt compile %s --entry 'masked("unaligned")' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=UNALIGNED
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def masked(form, M=64, N=64, bound=40):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            x = T.alloc_fragment((32, 32), "float32")
            y = T.alloc_fragment((32, 32), "float32")
            T.copy(X[by * 32:(by + 1) * 32, bx * 32:(bx + 1) * 32], x)
            for i, j in T.Parallel(32, 32):
                if form == "ge":
                    y[i, j] = T.if_then_else(bx * 32 + j >= bound, -T.infinity("float32"), 0)
                elif form == "and":
                    y[i, j] = T.if_then_else(by * 32 + i < bound and bx * 32 + j < 50, x[i, j], 0)
                elif form == "or":
                    y[i, j] = T.if_then_else(by * 32 + i >= bound or bx * 32 + j > 50,
                                             -T.infinity("float32"), x[i, j])
                elif form == "le_flipped":
                    y[i, j] = T.if_then_else(bound >= by * 32 + i, x[i, j], 0)
                else:
                    y[i, j] = T.if_then_else(bx * 32 + j + 3 < bound, x[i, j], 0)
            T.copy(y, Y[by * 32:(by + 1) * 32, bx * 32:(bx + 1) * 32])

    return kernel


# GE: tile.mask(region(mask_0), bx * 32, axis="col", bound=40, false_value=-inf, relation="col<8", true_value=0.0)
# AND: tile.mul(tile.mul(region(x), tile.mask(region(mask_0), bx * 32, axis="col", bound=50, false_value=0.0, relation="col<18", true_value=1.0)), tile.mask(region(mask_1), by * 32, axis="row", bound=40, false_value=0.0, relation="row<8", true_value=1.0))
# OR: tile.add(tile.add(region(x), tile.mask(region(mask_0), bx * 32, axis="col", bound=51, false_value=-inf, relation="col<19", true_value=0.0)), tile.mask(region(mask_1), by * 32, axis="row", bound=40, false_value=-inf, relation="row<8", true_value=0.0))
# LE: tile.mul(region(x), tile.mask(region(mask_0), by * 32, axis="row", bound=41, false_value=0.0, relation="row<9", true_value=1.0))
# UNALIGNED: tile.mul(region(x), tile.mask(region(mask_0), bx * 32 + 3, 40, axis="col", false_value=0.0, relation="col_index", true_value=1.0))
