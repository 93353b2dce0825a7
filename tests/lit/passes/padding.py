# Padding (B1): tensors whose tiled dimensions are not whole tiles, or that the last (partial)
# blocks of the grid reach past, are padded on the device; padding that would change a
# reduction is a located error.
# RUN: rm -rf %t && %tltt compile %s --entry 'mm(100, 200, 72)' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=GEMM
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: rm -rf %t && %tltt compile %s --entry 'rowsum(100, 64)' -o %t 2>&1 | count 0
# RUN: not %tltt compile %s --entry 'rowmax(32, 72)' -o %t 2>&1 | FileCheck %s --check-prefix=MAX
# RUN: not %tltt compile %s --entry 'rowsum(32, 72)' -o %t 2>&1 | FileCheck %s --check-prefix=SUMEXP
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def mm(M, N, K):

    @T.prim_func
    # GEMM: padding.py:[[@LINE+3]]:{{[0-9]+}}: remark: tensor 'A' of 100x72 elements is padded to 128x96 on the device (zeros from the host; the padding of outputs is dropped) [work-partition.padding]
    # GEMM: remark: tensor 'B' of 72x200 elements is padded to 96x256 on the device
    # GEMM: remark: tensor 'C' of 100x200 elements is padded to 128x256 on the device
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 32)) as (bx, by):
            A_s = T.alloc_shared((32, 32), "bfloat16")
            B_s = T.alloc_shared((32, 64), "bfloat16")
            C_l = T.alloc_fragment((32, 64), "float32")
            T.clear(C_l)
            # K = 72 in 3 blocks of 32: the zeros the host pads A and B with add nothing.
            for k in T.Pipelined(T.ceildiv(K, 32), num_stages=2):
                T.copy(A[by * 32, k * 32], A_s)
                T.copy(B[k * 32, bx * 64], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * 32, bx * 64])

    return gemm


# PLAN: "name": "A"
# PLAN-NEXT: "shape": [
# PLAN-NEXT: 100,
# PLAN-NEXT: 72
# PLAN: "padded_shape": [
# PLAN-NEXT: 128,
# PLAN-NEXT: 96
# HOST: host = pad_matrices(host, 1, 100, 72, 128, 96);
# HOST: unpad_matrices(untilize_nfaces(tiled, 128, 256), 1, 100, 200, 128, 256)


# Row sums over 64 columns of 100 rows: the padded rows of the last block are dropped; over
# 72 columns the zero padding would be summed after exp() made it 1.
@tilelang.jit(out_idx=[-1])
def rowsum(M, N):

    @T.prim_func
    def k(X: T.Tensor((M, N), "float32"), S: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x = T.alloc_fragment((32, 32), "float32")
            s = T.alloc_fragment((32,), "float32")
            part = T.alloc_fragment((32,), "float32")
            T.clear(s)
            for c in T.serial(T.ceildiv(N, 32)):
                T.copy(X[bx * 32, c * 32], x)
                for i, j in T.Parallel(32, 32):
                    x[i, j] = T.exp(x[i, j])
                # SUMEXP: padding.py:[[@LINE+1]]:17: error: T.reduce_sum over dimension 1 of 'x' includes padding of tensor 'X' (columns of 'x' reach past the end of 'X'): masking padded elements with the identity of the operation is not supported yet
                T.reduce_sum(x, part, dim=1)
                for i in T.Parallel(32):
                    s[i] += part[i]
            T.copy(s, S[bx * 32])

    return k


# A max over zero padding is wrong when every value of a row is negative.
@tilelang.jit(out_idx=[-1])
def rowmax(M, N):

    @T.prim_func
    def k(X: T.Tensor((M, N), "float32"), S: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x = T.alloc_fragment((32, 32), "float32")
            s = T.alloc_fragment((32,), "float32")
            T.fill(s, -T.infinity("float32"))
            for c in T.serial(T.ceildiv(N, 32)):
                T.copy(X[bx * 32, c * 32], x)
                # MAX: padding.py:[[@LINE+1]]:17: error: T.reduce_max over dimension 1 of 'x' includes padding of tensor 'X' (columns of 'x' reach past the end of 'X') whose zeros are not the identity of this operation
                T.reduce_max(x, s, dim=1, clear=False)
            T.copy(s, S[bx * 32])

    return k
