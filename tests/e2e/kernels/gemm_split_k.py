# Split-K GEMM with T.atomic_add (issue 13, atomics): grid (N/bn, M/bm, split_k), each block
# computes the partial product of its K slice and adds it to C with T.atomic_add, in the tile
# form (`splitk`) and in the element form of upstream TileLang's split-K example (`splitk_elem`).
# A1 runs the blocks of one output block in order in one core (remark infer-layout.atomic-add):
# C ends as its initial contents plus the partials in a fixed order. `tltt run` starts C from
# random values, as for any in-place update, and checks its final contents.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[])
def splitk(M, N, K, bm, bn, bk, split_k):
    ks = K // split_k

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), split_k) as (bx, by, bz):
            a = T.alloc_shared((bm, bk), "bfloat16")
            b = T.alloc_shared((bk, bn), "bfloat16")
            acc = T.alloc_fragment((bm, bn), "float32")
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(ks, bk), num_stages=2):
                T.copy(A[by * bm, bz * ks + k * bk], a)
                T.copy(B[bz * ks + k * bk, bx * bn], b)
                T.gemm(a, b, acc)
            T.atomic_add(C[by * bm, bx * bn], acc)

    return kernel


@tilelang.jit(out_idx=[])
def splitk_elem(M, N, K, bm, bn, bk, split_k):
    ks = K // split_k

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), split_k) as (bx, by, bz):
            a = T.alloc_shared((bm, bk), "bfloat16")
            b = T.alloc_shared((bk, bn), "bfloat16")
            c = T.alloc_shared((bm, bn), "float32")
            acc = T.alloc_fragment((bm, bn), "float32")
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(ks, bk), num_stages=2):
                T.copy(A[by * bm, bz * ks + k * bk], a)
                T.copy(B[bz * ks + k * bk, bx * bn], b)
                T.gemm(a, b, acc)
            T.copy(acc, c)
            for i, j in T.Parallel(bm, bn):
                T.atomic_add(C[by * bm + i, bx * bn + j], c[i, j])

    return kernel


kernel = splitk(256, 256, 1024, 64, 64, 32, 4)
