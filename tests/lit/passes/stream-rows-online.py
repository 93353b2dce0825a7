# A4 on the online softmax form: the kernel walks each row in its own column blocks
# (`for c in T.Pipelined(T.ceildiv(N, block_N))`, a log-sum-exp carried across them, then a
# second sweep writing the result). With block_N == N those loops run once: A4 inlines them
# (the loop variable becomes 0) and the block is a row kernel it streams like any other when
# it does not fit L1 (three passes: max, sum of exponentials, result). With two column blocks
# of 8192 the kernel tiles its own row and A4 leaves it: F reports the L1 overflow.
# RUN: %tltt compile %S/../../e2e/kernels/online_softmax_rows.py --remarks=A4 --stop-after=A4 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %tltt compile %S/../../e2e/kernels/online_softmax_rows.py --stop-after=A4 --print-after=A4 2>&1 | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %S/../../e2e/kernels/online_softmax_rows.py --entry "online_softmax(64, 2048, 2048)" --stop-after=A4 --print-after=A4 2>&1 | FileCheck %s --check-prefix=FITS
# RUN: not %tltt compile %S/../../e2e/kernels/online_softmax_rows.py --entry "online_softmax(64, 16384, 8192)" -o %t 2>&1 | FileCheck %s --check-prefix=TWO
# REMARK: online_softmax_rows.py:14:9: remark: row blocks of 8192 columns need about 4218880 bytes of circular buffers, more than the 1417216 available on wormhole_b0: the row is streamed in 8 chunks of 1024 columns (about 548864 bytes, at most half the budget), in 3 passes over the row [stream-rows.chunks]
# REMARK: online_softmax_rows.py:24:17: remark: pass 1 of 3 over the row: T.reduce_max into 'mx'; reads 'X' [stream-rows.pass]
# REMARK: online_softmax_rows.py:27:17: remark: pass 2 of 3 over the row: T.reduce_sum into 'tot'; reads 'X' [stream-rows.pass]
# REMARK: online_softmax_rows.py:34:17: remark: pass 3 of 3 over the row: writes 'Y'; reads 'X' [stream-rows.pass]
# IR-NOT: pipelined
# IR: fill lse, float32(-inf)
# IR-NEXT: fill mx, bfloat16(-inf)
# IR-NEXT: for chunk in serial(0 +: 8) {
# IR-NEXT: copy X[bx * 32 +: 32, chunk * 1024 +: 1024] -> xb
# IR-NEXT: reduce_max xb -> mx, dim=1, clear=false
# IR: reduce_sum e -> tot, dim=1, clear=false
# IR: lse[i_1, 0] = {{.*}}log2(exp2(lse[i_1, 0]
# IR: for chunk_2 in serial(0 +: 8) {
# IR: copy yb -> Y[bx * 32 +: 32, chunk_2 * 1024 +: 1024]
# A block that fits keeps the kernel's own loops:
# FITS: (unchanged)
# FITS: for c in pipelined(0 +: 1, num_stages=0) {
# TWO: error: the circular buffers of this kernel need 4218880 bytes of L1 per core
