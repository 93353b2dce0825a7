# T.dynamic sizes (issue 13, item 4): a dynamic row count is served at run time by one program
# (the plan's `dynamic` section, main.cpp reads m=VALUE); a dynamic row width changes the blocks
# and CBs, so the program stays specialised to the --set value, with a remark saying why.
# RUN: %tltt compile %s --entry "scale(128, 64)" --set m=4001 -o %t.rows --remarks=runtime-sizes 2>&1 | FileCheck --check-prefix=ROWS %s
# RUN: FileCheck --check-prefix=PLAN %s < %t.rows/tt.plan.json
# RUN: FileCheck --check-prefix=HOST %s < %t.rows/main.cpp
# RUN: %tltt compile %s --entry "scale_width(32)" --set n=96 -o %t.width --remarks=runtime-sizes 2>&1 | FileCheck --check-prefix=WIDTH %s
import tilelang
import tilelang.language as T


def scale(N, block):
    M = T.dynamic("m")

    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, block), threads=128) as bx:
            a = T.alloc_fragment((block, N), "float32")
            T.copy(A[bx * block:(bx + 1) * block, :], a)
            for i, j in T.Parallel(block, N):
                a[i, j] = a[i, j] * 2.0
            T.copy(a, B[bx * block:(bx + 1) * block, :])

    return main


def scale_width(M):
    N = T.dynamic("n")

    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_fragment((M, N), "float32")
            T.copy(A, a)
            for i, j in T.Parallel(M, N):
                a[i, j] = a[i, j] * 2.0
            T.copy(a, B)

    return main

# ROWS: remark: one program serves every value of m: the host program computes the block grid, the tensor shapes and each core's block range from it at run time (kernels unchanged at sizes 4001, 60480 and 1025) [runtime-sizes.runtime]
# PLAN: "dynamic": [
# PLAN: "name": "m",
# PLAN: "grid": [
# PLAN-NEXT: {
# PLAN-NEXT: "dim": 0,
# PLAN-NEXT: "block": 64
# PLAN: "tensor": "A",
# PLAN-NEXT: "dim": 0,
# PLAN-NEXT: "block": 64
# HOST: Usage: ./program DATA_DIR m=VALUE
# HOST: const int64_t m = runtime_size(argc, argv, "m");
# HOST: make_buffer(*mesh, padded_extent(m, 64) * 128 * sizeof(float)
# HOST: partition_blocks(ceil_div(m, 64), 8, 8)
# WIDTH: remark: the program is specialised to the T.dynamic size(s) given: {{.*}} [runtime-sizes.specialised]
