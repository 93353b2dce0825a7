# B3 lowers masks read from small index tensors: an on-chip bool block computed from an index
# row (`keep[j] = Idx[by, base + j] <= by`) becomes a float32 0/1 block written by an SFPU
# predicate of the index (typecast to float32) minus the value, and read back as a condition
# by a predicate of its row broadcast; a select with an infinite side adds the log of the other
# side's predicate (log(1) = 0, log(0) = -inf) instead of multiplying by it. `&` of two
# comparisons (the front end's casts) is their conjunction, a product of predicates. An index
# compared inside a 2-D nest is converted to a float32 vector by its own step, then broadcast.
# Kernels: tests/e2e/kernels/index_masks.py.
# RUN: %tltt compile %S/../../e2e/kernels/index_masks.py --entry 'keep_mask(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=KEEP
# RUN: %tltt compile %S/../../e2e/kernels/index_masks.py --entry 'both_masks(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=BOTH
# RUN: %tltt compile %S/../../e2e/kernels/index_masks.py --entry 'index_select(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=DIRECT
# An integer select (the column of each row's maximum, `select(m[i] == x[i, j], bx * 64 + j,
# p[i, j])`) is the float32 select of a position tile (the reader's column-index tile plus the
# tile's first column, D5) and the converted block, converted back; an integer block's constant
# fill is an integer leaf (fill_tile_int), not the float's bits.
# RUN: %tltt compile %S/../../e2e/kernels/index_masks.py --entry 'max_positions(64, 128)' --stop-after=B3 --print-after=B3 | FileCheck %s --check-prefix=ARGMAX
# RUN: %tltt compile %S/../../e2e/kernels/index_masks.py --entry 'max_positions(64, 128)' --stop-after=D5 --print-after=D5 | FileCheck %s --check-prefix=ARGMAX-D5
# RUN: not %tltt compile %s --entry 'byte_mask(64, 128)' --stop-after=B3 2>&1 | FileCheck %s --check-prefix=BYTES
# RUN: not %tltt compile %s --entry 'two_infinities(64, 128)' --stop-after=B3 2>&1 | FileCheck %s --check-prefix=INF
import tilelang
import tilelang.language as T

# KEEP: alloc keep: fragment float32[32, 64] {tt.vector = "row"}
# KEEP: tt.sfpu(region(Idx_run), region(keep), tile.lez(tile.sub(tile.typecast(region(Idx_run), from_dtype="int32", to_dtype="float32"), cast(float32, by))))
# KEEP-NEXT: tt.sfpu(region(x), region(keep), region(x), tile.exp(tile.add(region(x), tile.log(tile.nez(tile.bcast_row(region(keep)))))))

# BOTH: alloc keep: fragment float32[32, 64] {tt.vector = "row"}
# BOTH: tt.sfpu(region(Idx_run), region(keep), tile.mul(tile.nez(tile.sub(tile.typecast(region(Idx_run), from_dtype="int32", to_dtype="float32"), -1.0f)), tile.lez(tile.sub(tile.typecast(region(Idx_run), from_dtype="int32", to_dtype="float32"), cast(float32, s_1)))))
# BOTH-NEXT: tt.sfpu(region(keep), region(x), region(x), tile.add(tile.mul(tile.mul(region(x), 2.0f), tile.nez(tile.bcast_row(region(keep)))), tile.mul(0.5f, tile.eqz(tile.bcast_row(region(keep))))))

# DIRECT: alloc Idx_run_float: fragment float32[32, 64] {tt.vector = "row"}
# DIRECT-NEXT: tt.sfpu(region(Idx_run), region(Idx_run_float), tile.typecast(region(Idx_run), from_dtype="int32", to_dtype="float32"))
# DIRECT-NEXT: tt.sfpu(region(Idx_run_float), region(x), region(x), tile.add(tile.mul(region(x), tile.gez(tile.bcast_row(region(Idx_run_float)))), tile.mul(-1.0f, tile.ltz(tile.bcast_row(region(Idx_run_float))))))

# ARGMAX: tt.sfpu(region(p), -1)
# ARGMAX-NEXT: tt.sfpu(region(m), region(x), region(mask_0), region(p), region(p), tile.typecast(tile.add(tile.mul(tile.mask(region(mask_0), bx * 64, 0, axis="col", false_value=0.0, position=1, relation="col_index", true_value=0.0), tile.eqz(tile.sub(tile.bcast_col(region(m)), region(x)))), tile.mul(tile.typecast(region(p), from_dtype="int32", to_dtype="float32"), tile.nez(tile.sub(tile.bcast_col(region(m)), region(x))))), from_dtype="float32", to_dtype="int32"))
# ARGMAX-D5: fill_tile_int(0, uint32(4294967295), template="DataFormat::Int32")
# ARGMAX-D5: fill_tile(1, cast(float32, bx * 64 + t % 2 * 32))
# ARGMAX-D5-NEXT: add_binary_tile_init()
# ARGMAX-D5-NEXT: add_binary_tile(0, 1, 0)


# A uint8 mask tensor read into a uint8 block: the SFPU converts 32-bit integers only.
# BYTES: index-masks.py:[[@LINE+13]]:{{[0-9]+}}: error: cast 'cast(float32, m[0, j])' (conversions run between float32, bfloat16 or float16 and int32 or uint32) cannot be mapped to tile operations
@tilelang.jit(out_idx=[2])
def byte_mask(M, N, bm=32, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Mask: T.Tensor((N,), "uint8"),
             Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            m = T.alloc_fragment((bn,), "uint8")
            T.copy(X[by * bm, bx * bn], x)
            T.copy(Mask[bx * bn], m)
            for i, j in T.Parallel(bm, bn):
                x[i, j] = T.if_then_else(m[j] != 0, x[i, j], 0.0)
            T.copy(x, Y[by * bm, bx * bn])

    return main


# A data-dependent choice between two infinities has no finite side to add the log to.
# INF: index-masks.py:[[@LINE+13]]:{{[0-9]+}}: error: T.if_then_else selecting the constant inf by a condition on element values (only finite values are blended)
@tilelang.jit(out_idx=[2])
def two_infinities(M, N, bm=32, bn=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Idx: T.Tensor((N,), "int32"),
             Y: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            keep = T.alloc_fragment((bn,), "bool")
            for j in T.Parallel(bn):
                keep[j] = Idx[bx * bn + j] <= by
            for i, j in T.Parallel(bm, bn):
                x[i, j] = T.if_then_else(keep[j], T.infinity("float32"), -T.infinity("float32"))
            T.copy(x, Y[by * bm, bx * bn])

    return main
