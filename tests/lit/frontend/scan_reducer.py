# T.cumsum (in place and into a destination, forward and reverse, on a region) is written out as
# serial loops in the tile IR; T.alloc_reducer is a fragment buffer (one copy holds the combined
# value) and T.finalize_reducer has nothing left to do.
# RUN: %tltt parse %s --entry 'scan(4, 64)' | FileCheck --check-prefix=SCAN %s
# RUN: %tltt parse %s --entry 'rowsum(64, 128)' | FileCheck --check-prefix=RED %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scan(R, L):

    @T.prim_func
    def k(A: T.Tensor((R, L), "float16"), B: T.Tensor((R, L), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((R, L), "float32")
            f = T.alloc_fragment((R, L), "float32")
            T.copy(A, s)
            T.cumsum(s, dim=1)
            T.cumsum(src=s[0:2, :], dst=f[2:4, :], dim=-2, reverse=True)
            T.copy(f, B)

    return k


# SCAN:      for cumsum_i0 in serial(0 +: 4) {
# SCAN-NEXT:   for cumsum_k in serial(0 +: 63) {
# SCAN-NEXT:     s[cumsum_i0, cumsum_k + 1] = s[cumsum_i0, cumsum_k] + s[cumsum_i0, cumsum_k + 1]
# SCAN:      for cumsum_i1 in serial(0 +: 64) {
# SCAN-NEXT:   f[3, cumsum_i1] = s[1, cumsum_i1]
# SCAN-NEXT:   for [[K:cumsum_k_1]] in serial(0 +: 1) {
# SCAN-NEXT:     f[2 + (1 - [[K]] - 1), cumsum_i1] = f[2 + (1 - [[K]]), cumsum_i1] + s[1 - [[K]] - 1, cumsum_i1]


@tilelang.jit(out_idx=[-1])
def rowsum(M, N):

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32"), O: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            acc = T.alloc_reducer(M, "float32", op="sum", replication="all")
            T.clear(acc)
            for i, j in T.Parallel(M, N):
                acc[i] += A[i, j]
            T.finalize_reducer(acc)
            T.copy(acc, O)

    return k


# RED:      alloc acc: fragment float32[64]
# RED-NEXT: fill acc, 0.0f
# RED:      acc[i] = acc[i] + A[i, j]
# RED:      copy acc -> O
