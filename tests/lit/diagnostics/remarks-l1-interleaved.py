# Remarks of A2 (an interleaved L1 tensor's bytes per core; nothing to check for DRAM or for a
# sharded tensor, whose shards A1 checked), A3 (each tensor's role: U is sharded but unused) and C4 (the reduce scaler, loop-invariant, stays resident across the block loop
# and is popped after it) on a row-max subtraction with X in L1.
# RUN: %tltt compile %s --layout 'X=memory=L1' --layout 'U=memory=L1,layout=sharded,axes=0,grid=4' -Wno-sharding-fallback --remarks=A2,A3,C4 --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def sub_max(M, N, bM):

    @T.prim_func
    # expected-remark@+4 {{tensor 'X': L1 interleaved, 16 tiles of 2048 bytes spread over 64 cores take 512 bytes per core, within the 1417216 available}}
    # expected-remark@+3 {{tensor 'U': nothing to check (infer-layout checked its L1 shards)}}
    # expected-remark@+2 {{tensor 'X' is an input: the kernel reads it and never writes it}}
    # expected-remark@+1 {{tensor 'U' is unused: the kernel neither reads nor writes it, so no kernel gets an accessor for it}}
    def kernel(X: T.Tensor((M, N), "bfloat16"), U: T.Tensor((M, N), "bfloat16"),
               # expected-remark@+2 {{tensor 'Y': nothing to check (it lives in DRAM)}}
               # expected-remark@+1 {{tensor 'Y' is an output: the kernel writes it and never reads it}}
               Y: T.Tensor((M, N), "bfloat16")):
        # expected-remark@+1 {{CB 'reduce_scaler' stays resident across the loop's iterations (loop-carried or loop-invariant) and is popped after the loop}}
        with T.Kernel(T.ceildiv(M, bM)) as bx:
            x = T.alloc_shared((bM, N), "bfloat16")
            m = T.alloc_fragment((bM,), "bfloat16")
            y = T.alloc_fragment((bM, N), "bfloat16")
            T.copy(X[bx * bM, 0], x)
            T.reduce_max(x, m, dim=1)
            # expected-remark@+2 {{CB 'x' is popped after tt.sfpu, its last read of the value}}
            # expected-remark@+1 {{CB 'm' is popped after tt.sfpu, its last read of the value}}
            for i, j in T.Parallel(bM, N):
                y[i, j] = x[i, j] - m[i]
            T.copy(y, Y[bx * bM, 0])

    return kernel


kernel = sub_max(256, 64, 32)
