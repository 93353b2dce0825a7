# On-chip copies: an element-wise result staged fragment -> shared -> tensor becomes a
# copy_tile/pack step between two CBs; a GEMM accumulator copied to a shared buffer packs
# straight into that buffer's CB.
# RUN: rm -rf %t && %tltt compile %s --entry 'staged_add(128, 256, 64, 64)' -o %t/add
# RUN: FileCheck %s --check-prefix=ADD --input-file %t/add/compute.cpp
# RUN: %tltt compile %s --entry 'staged_gemm(128, 128, 128, 64, 64, 64)' -o %t/mm
# RUN: FileCheck %s --check-prefix=MM --input-file %t/mm/compute.cpp
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def staged_add(M, N, bM, bN):

    @T.prim_func
    def add(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
            C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "bfloat16")
            B_s = T.alloc_shared((bM, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "bfloat16")
            C_s = T.alloc_shared((bM, bN), "bfloat16")
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A_s[i, j] + B_s[i, j]
            T.copy(C_l, C_s)
            T.copy(C_s, C[by * bM, bx * bN])

    return add


@tilelang.jit(out_idx=[-1])
def staged_gemm(M, N, K, bM, bN, bK):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "bfloat16")
            C_s = T.alloc_shared((bM, bN), "bfloat16")
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l, clear_accum=False)
            T.copy(C_l, C_s)
            T.copy(C_s, C[by * bM, bx * bN])

    return gemm

# Two kinds of compute op: an init before each.
# ADD: compute_kernel_hw_startup(cb_A_s, cb_B_s, cb_C_l);
# ADD: add_tiles_init(cb_A_s, cb_B_s);
# ADD: add_tiles(cb_A_s, cb_B_s, d, d, d);
# ADD: pack_tile(d_1, cb_C_l);
# ADD: copy_tile_to_dst_init_short(cb_C_l);
# ADD-NEXT: cb_wait_front(cb_C_l, 4);
# ADD: copy_tile(cb_C_l, d_2, d_2);
# ADD: pack_tile(d_3, cb_C_s);
# ADD: cb_pop_front(cb_C_l, 4);

# 16-bit accumulation: 4 tiles fit the 8-tile DST, so the block stays in DST across K.
# MM: compute_kernel_hw_startup(cb_A_s, cb_B_s, cb_C_s);
# MM-NEXT: matmul_init(cb_A_s, cb_B_s, 0);
# MM: tile_regs_acquire();
# MM-NEXT: mm_block_init_short(cb_A_s, cb_B_s, 0, 2, 2, 2);
# MM-NEXT: for (uint32_t k = 0; k < 2; ++k) {
# MM: pack_tile(d, cb_C_s);
# MM-NOT: cb_C_l
