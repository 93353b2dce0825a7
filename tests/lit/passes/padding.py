# Padding (B1): tensors whose tiled dimensions are not whole tiles, or that the last (partial)
# blocks of the grid reach past, are padded on the device; the padding of on-chip blocks is
# masked with the identity of each reduction over it (0, -inf for max, +inf for min).
# RUN: rm -rf %t && %tltt compile %s --entry 'mm(100, 200, 72)' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=GEMM
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: rm -rf %t && %tltt compile %s --entry 'rows(100, 72, "max")' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=ROWS
# RUN: FileCheck %s --check-prefix=MASK < %t/compute.cpp
# RUN: FileCheck %s --check-prefix=MASKTILE < %t/reader.cpp
# RUN: rm -rf %t && %tltt compile %s --entry 'rows(100, 72, "min")' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=MIN
# RUN: FileCheck %s --check-prefix=MINTILE < %t/reader.cpp
# RUN: not %tltt compile %s --entry 'middle(64, 144)' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=MIDDLE
# RUN: not %tltt compile %s --entry 'part(64, 72)' -o %t --remarks=B1 2>&1 | FileCheck %s --check-prefix=PART
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


# Row reductions over blocks of whole rows: at N = 72 the blocks are padded to 96 columns and the
# padding is set to the identity before each reduction; partial row blocks need no mask (they
# read the tensor's zero padding, as TileLang's predicated copies read zeros).
@tilelang.jit(out_idx=[-1])
def rows(M, N, kind):

    @T.prim_func
    def k(X: T.Tensor((M, N), "float32"), S: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            # ROWS: padding.py:[[@LINE+1]]:17: remark: block 'x' of 32x72 elements is padded to whole tiles, 32x96 [work-partition.padding]
            x = T.alloc_fragment((32, N), "float32")
            s = T.alloc_fragment((32,), "float32")
            T.copy(X[bx * 32, 0], x)
            if kind == "max":
                # ROWS: padding.py:[[@LINE+1]]:17: remark: T.reduce_max over dimension 1 of 'x': its 72 elements padded to 96 are masked with -inf first [work-partition.padding-mask]
                T.reduce_max(x, s, dim=1)
            else:
                # MIN: padding.py:[[@LINE+1]]:17: remark: T.reduce_min over dimension 1 of 'x': its 72 elements padded to 96 are masked with +inf first [work-partition.padding-mask]
                T.reduce_min(x, s, dim=1)
            T.copy(s, S[bx * 32])

    return k


# A block that is not whole tiles and is stored to the middle of a tensor keeps its extent (its
# padding would overwrite the next block's columns; read from there, it would be padded).
@tilelang.jit(out_idx=[-1])
def middle(M, N):

    @T.prim_func
    def k(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 72), T.ceildiv(M, 32)) as (bx, by):
            # MIDDLE-DAG: padding.py:[[@LINE+1]]:17: error: buffer 'x' of shape [32, 72] cannot become a circular buffer
            x = T.alloc_shared((32, 72), "float32")
            T.copy(X[by * 32, bx * 72], x)
            # MIDDLE-DAG: padding.py:[[@LINE+1]]:13: remark: on-chip blocks whose extents are not multiples of 32 are not padded: the region of 'Y' it is copied with moves with the block (its padding would overlap another block's region) [work-partition.padding]
            T.copy(x, Y[by * 32, bx * 72])

    return k


# MASK: if (static_cast<int32_t>(t % 3 * 32 + 32) <= 72) {
# MASK-NEXT: fill_tile_init();
# MASK-NEXT: fill_tile(1, 0.0f);
# MASK: if (static_cast<int32_t>(t % 3 * 32) >= 72) {
# MASK-NEXT: fill_tile_init();
# MASK-NEXT: fill_tile_bitcast(1, 4286578688);
# The partial tile: its first 72 % 32 = 8 columns keep (+0), the rest get -inf.
# MASKTILE: fill_mask_tile(get_write_ptr(cb_mask_0), 40, 0, 4286578688);
# For min the rest get +inf (0x7f800000).
# MINTILE: fill_mask_tile(get_write_ptr(cb_mask_0), 40, 0, 2139095040);


# A T.Parallel loop over part of a block that is not whole tiles: the block keeps its extent.
@tilelang.jit(out_idx=[-1])
def part(M, N):

    @T.prim_func
    def k(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x = T.alloc_fragment((32, N), "float32")
            T.copy(X[bx * 32, 0], x)
            # PART: padding.py:[[@LINE+1]]:13: remark: on-chip blocks whose extents are not multiples of 32 are not padded: a T.Parallel loop runs over part of a block's extent [work-partition.padding]
            for i, j in T.Parallel(32, 64):
                x[i, j] = x[i, j] * 2.0
            T.copy(x, Y[bx * 32, 0])

    return k
