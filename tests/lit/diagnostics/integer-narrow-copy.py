# An int8 tensor copied into an int32 block (issue 13, formats): the conversion would run in
# compute, but the SFPU's integer ops and the simulator's DST model only 32-bit integers, so the
# staged int8 block is a located error of C1 (docs/formats.md, Integers).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def widen(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "int8"), Y: T.Tensor((M, N), "int32")):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((M, N), "int32")
            # expected-error@+1 {{on-chip buffer 'X_int8' (int8, first used here) takes part in compute: the SFPU's integer ops run on 32-bit integers (int32, uint32) in DST; int8 blocks (Int8 tiles) can be copied through on-chip blocks only}}
            T.copy(X[0, 0], x)
            T.copy(x, Y[0, 0])

    return main


kernel = widen(32, 32)
