# Several T.Kernel launches in one prim_func (issue 13, scratch tensors): each launch is its own
# device program, run in order by the host program, and T.alloc_global scratch tensors are DRAM
# buffers the host program allocates (docs/atomics.md, "Scratch tensors and several launches").
# `partial_gemm`: a parallel split-K, each (row block, column block, split) block on its own core
# writing its partial product into a float32 scratch tensor, then a second launch summing the
# partials of each output block in split order. `two_outputs`: two launches of different grids,
# no scratch (a backward pass's post-processing: each launch converts one accumulator).
# `row_stats`: the split-KV shape, per-split row sums of exp into a scratch vector tensor, then
# a combine launch that normalises each row by the sum of its splits. `scratch_chain`: a scratch
# tensor written by one launch and read by the next on the same blocks (on a mesh both launches
# split the rows alike, so every device keeps its own rows of it, docs/multi-device.md).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def partial_gemm(M, N, K, bm, bn, bk, splits):
    ks = K // splits

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "float32")):
        partials = T.alloc_global((splits, M, N), "float32")
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), splits) as (bx, by, bz):
            a = T.alloc_shared((bm, bk), "bfloat16")
            b = T.alloc_shared((bk, bn), "bfloat16")
            acc = T.alloc_fragment((bm, bn), "float32")
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(ks, bk), num_stages=2):
                T.copy(A[by * bm, bz * ks + k * bk], a)
                T.copy(B[bz * ks + k * bk, bx * bn], b)
                T.gemm(a, b, acc)
            T.copy(acc, partials[bz, by * bm, bx * bn])
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            total = T.alloc_fragment((bm, bn), "float32")
            part = T.alloc_fragment((bm, bn), "float32")
            T.clear(total)
            for s in T.serial(splits):
                T.copy(partials[s, by * bm, bx * bn], part)
                for i, j in T.Parallel(bm, bn):
                    total[i, j] += part[i, j]
            T.copy(total, C[by * bm, bx * bn])

    return kernel


@tilelang.jit(out_idx=[2, 3])
def two_outputs(M, N, blk):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((2 * M, N), "float32"),
               X_out: T.Tensor((M, N), "bfloat16"), Y_out: T.Tensor((2 * M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(M, blk)) as bx:
            x = T.alloc_fragment((blk, N), "float32")
            x_half = T.alloc_fragment((blk, N), "bfloat16")
            T.copy(X[bx * blk, 0], x)
            for i, j in T.Parallel(blk, N):
                x_half[i, j] = x[i, j]
            T.copy(x_half, X_out[bx * blk, 0])
        with T.Kernel(T.ceildiv(2 * M, blk)) as bx:
            y = T.alloc_fragment((blk, N), "float32")
            T.copy(Y[bx * blk, 0], y)
            for i, j in T.Parallel(blk, N):
                y[i, j] = y[i, j] * 2.0
            T.copy(y, Y_out[bx * blk, 0])

    return kernel


@tilelang.jit(out_idx=[-1])
def scratch_chain(M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        doubled = T.alloc_global((M, N), "float32")
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                x[i, j] = x[i, j] * 2.0
            T.copy(x, doubled[by * bm, bx * bn])
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            d = T.alloc_fragment((bm, bn), "float32")
            x = T.alloc_fragment((bm, bn), "float32")
            T.copy(doubled[by * bm, bx * bn], d)
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                d[i, j] = d[i, j] + x[i, j]
            T.copy(d, Y[by * bm, bx * bn])

    return kernel


kernel = partial_gemm(128, 128, 512, 64, 64, 32, 4)
