# Shard specs computed at run time (docs/layouts.md): A is height-sharded along the T.dynamic row
# count, so one program serves every multiple of 128 rows: the plan's `dynamic` section has A's
# shard entry, the host program allocates A with shards of m / 4 rows and gives each shard core
# blocks / 4 consecutive blocks, and refuses a size whose shards are not whole tiles and blocks.
# A block-sharded tensor along its dynamic rows is served the same way: each shard core runs its
# shard's rectangle of blocks, rows of a fixed width (the kernels' block stride) from a first
# block the host program computes from the size. Dynamic COLUMNS of a block-sharded tensor change
# that width, a constant of the kernels, so that program stays specialised, the remark saying why.
# RUN: %tltt compile %s --entry "height(128, 32, 64)" --set m=256 -o %t --remarks=runtime-sizes 2>&1 | FileCheck --check-prefix=REMARK %s
# RUN: FileCheck --check-prefix=PLAN %s < %t/tt.plan.json
# RUN: FileCheck --check-prefix=HOST %s < %t/main.cpp
# RUN: not %tltt run %s --entry "height(128, 32, 64)" --set m=200 --artifacts %t 2>&1 | FileCheck --check-prefix=MULTIPLE %s
# RUN: %tltt compile %s --entry "block(128, 32, 64)" --set m=256 -o %t.block --remarks=runtime-sizes 2>&1 | FileCheck --check-prefix=BLOCK %s
# RUN: FileCheck --check-prefix=BLOCK-HOST %s < %t.block/main.cpp
# RUN: %tltt compile %s --entry "block_cols(128, 32, 32)" --set n=256 -o %t.cols --remarks=runtime-sizes 2>&1 | FileCheck --check-prefix=COLS %s
import tilelang
import tilelang.language as T


def add(N, bm, bn, shard):
    M = T.dynamic("m")

    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded", nd_shard=shard)})
            a = T.alloc_shared((bm, bn), "bfloat16")
            b = T.alloc_shared((bm, bn), "bfloat16")
            T.copy(A[by * bm, bx * bn], a)
            T.copy(B[by * bm, bx * bn], b)
            for i, j in T.Parallel(bm, bn):
                a[i, j] = a[i, j] + b[i, j]
            T.copy(a, C[by * bm, bx * bn])

    return main


def height(N, bm, bn):
    return add(N, bm, bn, {"axes": [0], "grid": [4]})


def block(N, bm, bn):
    return add(N, bm, bn, {"axes": [0, 1], "grid": [2, 2]})


def block_cols(M, bm, bn):
    N = T.dynamic("n")

    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                             nd_shard={"axes": [0, 1], "grid": [2, 2]})})
            a = T.alloc_shared((bm, bn), "bfloat16")
            T.copy(A[by * bm, bx * bn], a)
            T.copy(a, C[by * bm, bx * bn])

    return main


kernel = height(128, 32, 64)
# REMARK: remark: one program serves every value of m: {{.*}} (kernels unchanged at sizes 256, 512 and 768) [runtime-sizes.runtime]
# PLAN: "shards": [
# PLAN-NEXT: {
# PLAN-NEXT: "tensor": "A",
# PLAN-NEXT: "dim": 0,
# PLAN-NEXT: "grid": 4,
# PLAN-NEXT: "multiple": 128
# HOST: if (m % 128 != 0) {
# HOST: ShardSpecBuffer(CoreRangeSet(std::vector<CoreRange>{CoreRange({0, 0}, {3, 0})}), {m / 4, 128},
# HOST-NEXT: ShardOrientation::ROW_MAJOR, {32, 32}, {m / 32, 4}),
# HOST: std::vector<CoreWork> work = {
# HOST-NEXT: {0, 0, 0, 0},
# HOST-NEXT: {1, 0, 0, 0},
# HOST-NEXT: {2, 0, 0, 0},
# HOST-NEXT: {3, 0, 0, 0},
# HOST: work[k].count = uint32_t(2 * ceil_div(m, 32) / int64_t(work.size()));
# HOST-NEXT: work[k].start_id = uint32_t(k) * work[k].count;
# MULTIPLE: the T.dynamic size m is 200: the 4 shards of 'A' along dimension 0 must be whole tiles and whole blocks, so m must be a multiple of 128
# MULTIPLE: FAIL reason=program
# BLOCK: remark: one program serves every value of m: {{.*}} [runtime-sizes.runtime]
# BLOCK-HOST: if (m % 64 != 0) {
# BLOCK-HOST: ShardSpecBuffer(CoreRangeSet(std::vector<CoreRange>{CoreRange({0, 0}, {1, 1})}), {m / 2, 64},
# BLOCK-HOST: std::vector<CoreWork> work = {
# BLOCK-HOST-NEXT: {0, 0, 0, 0},
# BLOCK-HOST-NEXT: {1, 0, 0, 0},
# BLOCK-HOST-NEXT: {0, 1, 0, 0},
# BLOCK-HOST-NEXT: {1, 1, 0, 0},
# BLOCK-HOST: work[k].count = uint32_t(2 * ceil_div(m, 32) / int64_t(work.size()));
# BLOCK-HOST-NEXT: work[k].start_id = uint32_t(k / 2 * (2 * ceil_div(m, 32) / (int64_t(work.size()) / 2)) + k % 2 * 1);
# COLS: sharded.py:52:9: remark: the program is specialised to the T.dynamic size(s) given: reader.cpp differs between sizes 256 and 512 [runtime-sizes.specialised]
