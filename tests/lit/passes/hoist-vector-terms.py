# B4b hoist-vector-terms (an optimization pass). In the online softmax's second loop, `/ l[i]`
# is the reciprocal of the broadcast float32 row sum l, which nothing in that loop writes: it is
# computed once into a new vector before the loop, and the loop broadcasts it. The first loop
# writes m, so its exp(m_prev - m) stays where it is. Then exp(x - m) * l' is evaluated with
# the two-tile exponential first (2 DST tiles instead of 3): D4b groups 2 tiles per acquire.
# RUN: %tltt compile %examples/softmax.py --disable-pass reread-rows --disable-pass fast-exponential --stop-after=B4b --print-after=B4b --remarks=B4b 2>&1 | FileCheck %s
# RUN: %tltt compile %examples/softmax.py --disable-pass reread-rows --disable-pass fast-exponential --stop-after=D5 --print-after=D5 2>&1 | FileCheck %s --check-prefix=D5
# RUN: %tltt compile %examples/softmax.py --disable-pass reread-rows --disable-pass fast-exponential --disable-pass hoist-vector-terms --stop-after=B4b --print-after=B4b 2>&1 | FileCheck %s --check-prefix=OFF
# A bfloat16 vector is exact in the broadcast's source register and its term would not be: its
# terms stay in the loop (the rmsnorm example's row loop has none hoisted either).
# RUN: %tltt compile %s --disable-pass fast-exponential --stop-after=B4b --print-after=B4b --remarks=B4b 2>&1 | FileCheck %s --check-prefix=BF16
import tilelang
import tilelang.language as T

# CHECK: softmax.py:39:{{[0-9]+}}: remark: a term of broadcast vectors the loop at {{.*}}softmax.py:36:{{[0-9]+}} never writes is computed once before it, into 'l_term0', instead of once per tile of every iteration [hoist-vector-terms.hoist]
# CHECK: remark: the operands of a commutative function are swapped so the one needing more DST tiles goes first: 2 DST tiles instead of 3 [hoist-vector-terms.order]
# CHECK: IR after hoist-vector-terms (B4b)
# CHECK: for k in pipelined
# CHECK: tt.sfpu(region(l), region(m_prev), region(m), region(l_blk), region(l), tile.add(tile.mul(region(l), tile.exp(tile.sub(region(m_prev), region(m)))), region(l_blk)))
# CHECK: alloc l_term0: fragment float32[32, 32]
# CHECK-NEXT: tt.sfpu(region(l), region(l_term0), tile.recip(region(l)))
# CHECK-NEXT: for k_1 in pipelined
# CHECK-NEXT: copy X
# CHECK-NEXT: tt.sfpu(region(x_s), region(m), region(l_term0), region(y_s), tile.mul(tile.exp(tile.sub(region(x_s), tile.bcast_col(region(m)))), tile.bcast_col(region(l_term0))))

# D5: recip_tile_init()
# D5-NEXT: recip_tile(0)
# D5: for k_1 in pipelined(0 +: 4, num_stages=2) {
# D5-NOT: recip_tile
# D5: for t_{{[0-9]+}} in serial(0 +: 2) {
# D5-NEXT: tile_regs_acquire()
# D5-NOT: recip_tile
# D5: exp_tile(0)
# D5-NEXT: exp_tile(2)

# OFF: IR after hoist-vector-terms (B4b) (disabled)
# OFF: tile.mul(tile.recip(tile.bcast_col(region(l))), tile.exp(tile.sub(region(x_s), tile.bcast_col(region(m)))))

# BF16-NOT: remark
# BF16: IR after hoist-vector-terms (B4b)
# BF16: tile.mul(region(x_s), tile.exp(tile.mul(tile.bcast_row(region(c_s)), 0.5f)))


@tilelang.jit(out_idx=[-1])
def scaled(M, N, block_M=32, block_N=64, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), C: T.Tensor((N,), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), threads=128) as bx:
            x_s = T.alloc_shared((block_M, block_N), dtype)
            y_s = T.alloc_shared((block_M, block_N), dtype)
            c_s = T.alloc_shared((block_N,), dtype)
            T.copy(C[bx * block_N], c_s)
            for k in T.Pipelined(T.ceildiv(M, block_M), num_stages=2):
                T.copy(X[k * block_M, bx * block_N], x_s)
                for i, j in T.Parallel(block_M, block_N):
                    y_s[i, j] = x_s[i, j] * T.exp(c_s[j] * 0.5)
                T.copy(y_s, Y[k * block_M, bx * block_N])

    return main


kernel = scaled(128, 128)
