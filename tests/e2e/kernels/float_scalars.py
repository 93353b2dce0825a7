# Kernel-local float scalars (issue 13): T.alloc_var(float32) assigned from tensor elements and
# from themselves, float lets of integer kernel values, vectors every element of which holds one
# per-block value, used as operands of tile compute. A1 (passes/scalar_vars.h) copies each
# tensor element into a one-element block (its tile holds the value at (0, 0)); B3 computes the
# scalar's assignments as tile work on that block and reads it in T.Parallel nests as a scalar
# broadcast; a float let the kernels compute is filled into DST (fill_tile).
import tilelang
import tilelang.language as T


# A decay from the last row of each block of a gate tensor that is also read as a per-row run:
# the element (off the tile grid) and the run, a select on the difference, the scalar updated
# from itself, then an in-place product.
@tilelang.jit(out_idx=[-1])
def last_gate(heads, rows, dim, bm=32):

    @T.prim_func
    def main(X: T.Tensor((heads, rows, dim), "float32"), G: T.Tensor((2, rows, heads), "float32"),
             Y: T.Tensor((heads, rows, dim), "float32")):
        with T.Kernel(heads) as hd:
            x = T.alloc_fragment((bm, dim), "float32")
            gr = T.alloc_shared((bm, dim), "float32")
            gl = T.alloc_fragment((bm, dim), "float32")
            last = T.alloc_var(T.float32)
            for r in T.serial(rows // bm):
                T.copy(X[hd, r * bm:(r + 1) * bm, :], x)
                last = G[1, r * bm + bm - 3, hd]
                for i, j in T.Parallel(bm, dim):
                    gr[i, j] = G[1, r * bm + i, hd]
                T.copy(gr, gl)
                for i, j in T.Parallel(bm, dim):
                    x[i, j] = T.if_then_else(last - gl[i, j] <= 0,
                                             x[i, j] * T.exp2((last - gl[i, j]) * 0.7), 0.25)
                last = T.exp2(last * 0.5) + 1.0
                for i, j in T.Parallel(bm, dim):
                    x[i, j] *= last
                T.copy(x, Y[hd, r * bm:(r + 1) * bm, :])

    return main


# The largest of a row of per-split values, then each split's weight relative to it: a float
# scalar set to -inf and folded over tensor elements in a serial loop, another assigned in a
# loop that also does tile work.
@tilelang.jit(out_idx=[-1])
def split_weights(batch, splits, dim):

    @T.prim_func
    def main(P: T.Tensor((batch, splits, 32, dim), "float32"), L: T.Tensor((batch, splits),
                                                                             "float32"),
             Y: T.Tensor((batch, 32, dim), "float32")):
        with T.Kernel(batch) as b:
            p = T.alloc_fragment((32, dim), "float32")
            acc = T.alloc_fragment((32, dim), "float32")
            top = T.alloc_var(T.float32)
            w = T.alloc_var(T.float32)
            top = -T.infinity("float32")
            for k in T.serial(splits):
                top = T.max(top, L[b, k])
            T.clear(acc)
            for k in T.serial(splits):
                T.copy(P[b, k, :, :], p)
                w = T.exp2(L[b, k] - top)
                for i, j in T.Parallel(32, dim):
                    acc[i, j] += p[i, j] * w
            T.copy(acc, Y[b, :, :])

    return main


# A float let of integer kernel values (the reciprocal of the valid rows of a partial last
# block) used in tile compute and in a fill.
@tilelang.jit(out_idx=[-1])
def valid_mean(rows, dim, bm=32):

    @T.prim_func
    def main(X: T.Tensor((rows, dim), "float32"), Y: T.Tensor((rows, dim), "float32")):
        with T.Kernel(T.ceildiv(rows, bm)) as bx:
            x = T.alloc_fragment((bm, dim), "float32")
            f = T.alloc_fragment((bm, dim), "float32")
            n = T.min(rows - bx * bm, bm)
            inv = T.cast(1.0, "float32") / T.cast(n, "float32")
            T.copy(X[bx * bm:(bx + 1) * bm, :], x)
            T.fill(f, inv * 2.0)
            for i, j in T.Parallel(bm, dim):
                x[i, j] = x[i, j] * inv + f[i, j]
            T.copy(x, Y[bx * bm:(bx + 1) * bm, :])

    return main


# A per-head value broadcast into a vector (`v[i] = S[h]`), then read per row.
@tilelang.jit(out_idx=[-1])
def head_bias(heads, rows, dim, bm=32):

    @T.prim_func
    def main(X: T.Tensor((heads, rows, dim), "float32"), S: T.Tensor((heads,), "float32"),
             Y: T.Tensor((heads, rows, dim), "float32")):
        with T.Kernel(rows // bm, heads) as (bx, hd):
            x = T.alloc_fragment((bm, dim), "float32")
            m = T.alloc_fragment((bm,), "float32")
            sv = T.alloc_fragment((bm,), "float32")
            for i in T.Parallel(bm):
                sv[i] = S[hd]
            T.copy(X[hd, bx * bm:(bx + 1) * bm, :], x)
            T.reduce_max(x, m, dim=1)
            for i in T.Parallel(bm):
                m[i] = T.exp2(sv[i] * 1.5 - m[i])
            for i, j in T.Parallel(bm, dim):
                x[i, j] = x[i, j] * m[i]
            T.copy(x, Y[hd, bx * bm:(bx + 1) * bm, :])

    return main


# A sum of products written element by element (a serial loop inside a T.Parallel nest, the
# first operand read transposed) after an outer product: the loop becomes a T.gemm.
@tilelang.jit(out_idx=[-1])
def mixed_rows(tokens, hc, dim):

    @T.prim_func
    def main(A: T.Tensor((tokens, hc, hc), "float32"), B: T.Tensor((tokens, hc, dim), "bfloat16"),
             C: T.Tensor((tokens, hc), "float32"), Y: T.Tensor((tokens, hc, dim), "bfloat16")):
        with T.Kernel(tokens) as t:
            a = T.alloc_fragment((hc, hc), "float32")
            bs = T.alloc_shared((hc, dim), "bfloat16")
            b = T.alloc_fragment((hc, dim), "float32")
            c = T.alloc_fragment((hc,), "float32")
            y = T.alloc_fragment((hc, dim), "float32")
            T.copy(A[t, 0, 0], a)
            T.copy(C[t, 0], c)
            T.copy(B[t, 0, 0], bs)
            T.copy(bs, b)
            for i, j in T.Parallel(hc, dim):
                y[i, j] = c[i] * 0.5
                for k in T.serial(hc):
                    y[i, j] += a[k, i] * b[k, j]
            T.copy(y, Y[t, :, :])

    return main


kernel = last_gate(2, 64, 64)
