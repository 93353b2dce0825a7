# Remarks of the lowering passes on a GEMM: B2 (the persistent loop; the dropped swizzle hint),
# C2 (how the matmul accumulates), C4 (where compute pops each CB), D1 (what each kernel got),
# D2 (each TensorAccessor), D3 (each tile transfer) and D6 (each kernel fully lowered).
# RUN: %tltt compile %s --remarks=B2,C2,C4,D1,D2,D3,D6 --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, bM, bN, bK):

    @T.prim_func
    # expected-remark@+8 {{gemm_reader gets the reader operations: 2 tt.read_tiles (tensors 'A', 'B')}}
    # expected-remark@+7 {{gemm_compute gets the compute operations: 2 cb_pop_front, 1 tt.copy_tiles, 1 tt.matmul}}
    # expected-remark@+6 {{gemm_writer gets the writer operations: 1 tt.write_tiles (tensor 'C')}}
    # expected-remark@+5 {{gemm_reader reads 'A' through a TensorAccessor: compile-time args from slot 0, base address from runtime arg 'A_addr', pages of 2048 bytes}}
    # expected-remark@+4 {{gemm_reader reads 'B' through a TensorAccessor: compile-time args from slot 1, base address from runtime arg 'B_addr', pages of 2048 bytes}}
    # expected-remark@+3 {{gemm_reader (reader kernel) is fully lowered: its 16 calls are all device API calls}}
    # expected-remark@+2 {{gemm_compute (compute kernel) is fully lowered: its 17 calls are all device API calls}}
    # expected-remark@+1 {{gemm_writer (writer kernel) is fully lowered: its 9 calls are all device API calls}}
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             # expected-remark@+1 {{gemm_writer writes 'C' through a TensorAccessor: compile-time args from slot 0, base address from runtime arg 'C_addr', pages of 2048 bytes}}
             C: T.Tensor((M, N), "bfloat16")):
        # expected-remark@+1 {{the 2x2 T.Kernel grid becomes a persistent loop over each core's block ids: [start_id, start_id + count) in order (a contiguous range); the block coordinates are recovered from the block id}}
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            # expected-remark@+1 {{T.use_swizzle dropped: it orders block launches for a GPU's L2; each core runs its own block ids in order}}
            T.use_swizzle(panel_size=4)
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            acc = T.alloc_fragment((bM, bN), "float32")
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                # expected-remark@+1 {{reads a 2x1-tile block of 'A' into CB 'A_s' as one transfer: cb_reserve_back 2 pages of 2048 bytes, 2 noc_async_read_tile, one barrier, cb_push_back (tile ids row-major over the tensor's 4 tile columns)}}
                T.copy(A[by * bM, k * bK], A_s)
                # expected-remark@+1 {{reads a 1x2-tile block of 'B' into CB 'B_s' as one transfer: cb_reserve_back 2 pages of 2048 bytes, 2 noc_async_read_tile, one barrier, cb_push_back (tile ids row-major over the tensor's 4 tile columns)}}
                T.copy(B[k * bK, bx * bN], B_s)
                # expected-remark@+3 {{T.gemm becomes tt.matmul into 'acc', which starts from 0 on the first step of the K loop (the T.clear/T.fill before it is absorbed) and accumulates from the second on}}
                # expected-remark@+2 {{CB 'A_s' is popped after tt.matmul, its last read of the value}}
                # expected-remark@+1 {{CB 'B_s' is popped after tt.matmul, its last read of the value}}
                T.gemm(A_s, B_s, acc)
            # expected-remark@+1 {{writes a 2x2-tile block of 'C' from CB 'acc_out' as one transfer: cb_wait_front 4 pages of 2048 bytes, 4 noc_async_write_tile, one barrier, cb_pop_front (tile ids row-major over the tensor's 4 tile columns)}}
            T.copy(acc, C[by * bM, bx * bN])

    return gemm


kernel = matmul(128, 128, 128, 64, 64, 32)
