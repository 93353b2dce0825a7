# Indirect row gathers (sparse attention; passes/row_gathers.h, docs/layouts.md): a T.Parallel
# nest storing rows of a tensor picked by an int32 index tensor into a whole block, `kv[i, d] =
# KV[b, Idx[b, s, base + i], d]`, is lowered by C2 to tt.gather_rows (the tensor's columns, its
# whole row range, the index run and the offset added to each index). D3 expands it into the
# reader's loop over the block's rows: each index read as a scalar into the row's own place in
# the reserved pages, then the picked row over it (shift_gather of one row: zeros for an index
# outside the tensor). The mask from the same indices reads the index run, one tensor row, into
# a per-column vector through a shifted read one row high.
# RUN: %tltt compile %S/../../e2e/kernels/sparse_gather.py --entry 'sparse_attention(1, 2, 128, 32, 64, 128)' --stop-after=C2 --print-after=C2 2>&1 | FileCheck %s --check-prefix=C2
# RUN: %tltt compile %S/../../e2e/kernels/sparse_gather.py --entry 'sparse_attention(1, 2, 128, 32, 64, 128)' --remarks=D3 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %tltt compile %S/../../e2e/kernels/sparse_gather.py --entry 'sparse_attention(1, 2, 128, 32, 64, 128)' --stop-after=D3 --print-after=D3 2>&1 | FileCheck %s --check-prefix=D3
# An index element named inside the nest (`idx = Idx[..]`) and an offset added to it gather
# the same way (A1 inlines the name); a block used only through column slices is split into
# one block per slice (A1, column_parts.cc); a gather into a block of another dtype is a
# located error.
# RUN: %tltt compile %s --entry 'named(64)' --stop-after=C2 --print-after=C2 2>&1 | FileCheck %s --check-prefix=NAMED
# RUN: %tltt compile %s --entry 'named(64)' --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=SPLIT
# RUN: not %tltt compile %s --entry 'converted(64)' -o %t 2>&1 | FileCheck %s --check-prefix=ERR

# C2: tt.read_tiles(region(Idx[b +: 1, s +: 1, t * 64 +: 64]), region(Idx_run), shifted=true)
# C2-NEXT: tt.sfpu(region(Idx_run), region(valid), tile.gez(tile.typecast(region(Idx_run), from_dtype="int32", to_dtype="float32")))
# C2-NEXT: tt.gather_rows(region(KV[b +: 1, 0 +: 128, 0 +: 64]), region(kv), region(Idx[b +: 1, s +: 1, t * 64 +: 64]), 0)

# REMARK: remark: gathers 64 rows of 'KV' picked by 'Idx' (plus '0') into CB 'kv': per row one 32-byte read of its index and one noc_async_read of 32 bytes per face row, zeros for an index outside the tensor's 128 rows, one barrier, cb_push_back [cb-noc-protocol.row-gather]

# D3: func main_reader(
# D3: cb_reserve_back(region(kv), 4)
# D3-NEXT: let [[ADDR:l1_write_addr[_0-9]*]]: int32 = get_write_ptr(region(kv))
# D3-NEXT: for [[ROW:gather_row[_0-9]*]] in serial(0 +: 64) {
# D3-NEXT: let [[SLOT:gather_slot[_0-9]*]]: int32 = [[ADDR]] + ([[ROW]] // 32 * 4096 + ([[ROW]] % 32 // 16 * 1024 + [[ROW]] % 16 * 32))
# D3-NEXT: let [[IDX:Idx_element[_0-9]*]]: int32 = cast(int32, read_element_word([[SLOT]], Idx_accessor, b * 4 + (s // 32 * 4 + (t * 64 + [[ROW]]) // 32),
# D3-NEXT: shift_gather([[SLOT]], KV_accessor, [[IDX]], 0, 1, 64, 4, 2, 2, b * 8)
# D3-NEXT: }
# D3-NEXT: noc_async_read_barrier()
# D3-NEXT: cb_push_back(region(kv), 4)

# NAMED: tt.gather_rows(region(KV[0 +: 1, 0 +: 256, 0 +: 32]), region(kv), region(Idx[s +: 1, 0 +: 1, t * 32 +: 32]), start)
# NAMED-NEXT: tt.gather_rows(region(KV[0 +: 1, 0 +: 256, 32 +: 32]), region(kt), region(Idx[s +: 1, 0 +: 1, t * 32 +: 32]), start)
# NAMED-NEXT: tt.matmul(region(q_c0), region(kv),
# NAMED-NEXT: tt.matmul(region(q_c32), region(kt),

# SPLIT: alloc q_c0: shared bfloat16[32, 32]
# SPLIT-NEXT: alloc q_c32: shared bfloat16[32, 32]
# SPLIT: copy Q[s * 32 +: 32, 0 +: 32] -> q_c0
# SPLIT-NEXT: copy Q[s * 32 +: 32, 32 +: 32] -> q_c32
# SPLIT: gemm q_c0, kv -> acc transpose_b
# SPLIT-NEXT: gemm q_c32, kt -> acc transpose_b

# ERR: row-gathers.py:[[@LINE+44]]:{{[0-9]+}}: error: the gather of rows of 'KV' picked by 'Idx[s, t * 32 + i]' into block 'kv': rows move as they are: 'KV' (bfloat16) and 'kv' (float32) must share a 2- or 4-byte dtype (convert in a T.Parallel nest after the gather)
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def named(S):

    @T.prim_func
    def main(Q: T.Tensor((S * 32, 64), "bfloat16"), KV: T.Tensor((1, 256, 64), "bfloat16"),
             Idx: T.Tensor((S, 1, 64), "int32"), Start: T.Tensor((S,), "int32"),
             O: T.Tensor((S * 32, 32), "float32")):
        with T.Kernel(S) as s:
            q = T.alloc_shared((32, 64), "bfloat16")
            kv = T.alloc_shared((32, 32), "bfloat16")
            kt = T.alloc_shared((32, 32), "bfloat16")
            acc = T.alloc_fragment((32, 32), "float32")
            start = Start[s]
            T.copy(Q[s * 32:(s + 1) * 32, 0:32], q[:, 0:32])
            T.copy(Q[s * 32:(s + 1) * 32, 32:64], q[:, 32:64])
            T.clear(acc)
            for t in T.serial(2):
                for i, d in T.Parallel(32, 32):
                    idx = Idx[s, 0, t * 32 + i]
                    kv[i, d] = KV[0, start + idx, d]
                for i, d in T.Parallel(32, 32):
                    kt[i, d] = KV[0, start + Idx[s, 0, t * 32 + i], 32 + d]
                T.gemm(q[:, 0:32], kv, acc, transpose_B=True)
                T.gemm(q[:, 32:64], kt, acc, transpose_B=True)
            T.copy(acc, O[s * 32:(s + 1) * 32, :])

    return main


@tilelang.jit(out_idx=[-1])
def converted(S):

    @T.prim_func
    def main(KV: T.Tensor((256, 64), "bfloat16"), Idx: T.Tensor((S, 64), "int32"),
             O: T.Tensor((S * 32, 32), "float32")):
        with T.Kernel(S) as s:
            kv = T.alloc_shared((32, 32), "float32")
            for t in T.serial(2):
                for i, d in T.Parallel(32, 32):
                    kv[i, d] = KV[Idx[s, t * 32 + i], d]
                T.copy(kv, O[s * 32:(s + 1) * 32, :])

    return main
