# D9 operand-movers (an optimization pass): with A multicast along core rows and B down core
# columns (D8), A's transfers move from the reader to the writer kernel, ahead of each block's
# output writes, so the two data-movement RISCs move A and B at the same time. The writer (NoC 1)
# names A's multicast rectangle from its far corner; the reader's B accessor closes up to slot 0.
# Disabled by name: both operands stay on the reader.
# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/gemm.py -o %t/on --remarks=D9 2> %t/remarks.txt
# RUN: FileCheck %s --check-prefix=REMARKS --input-file %t/remarks.txt
# REMARKS: remark: gemm_writer reads and multicasts A (multicast along the core rows) before each block's output writes; gemm_reader keeps the other operands
# RUN: FileCheck %s --check-prefix=WRITER --input-file %t/on/writer.cpp
# WRITER: void mcast_send(
# WRITER: constexpr auto C_accessor_args = TensorAccessorArgs<0>();
# WRITER: constexpr auto A_accessor_args = TensorAccessorArgs<C_accessor_args.next_compile_time_args_offset()>();
# WRITER: for (uint32_t block_id = start_id; block_id < start_id + count; ++block_id) {
# WRITER: cb_reserve_back(cb_A_tile, 2);
# WRITER: noc_async_read_tile({{.*}}A_accessor
# WRITER: mcast_ready(
# WRITER: noc_async_read_barrier();
# WRITER-NEXT: if (get_arg_val<uint32_t>({{[0-9]+}}) != 0) {
# WRITER-NEXT: mcast_send(
# WRITER: mcast_receive(
# WRITER: cb_push_back(cb_A_tile, 2);
# WRITER: cb_wait_front(cb_acc_out, 4);
# WRITER: noc_async_write_tile(
# WRITER: noc_async_atomic_barrier();
# RUN: FileCheck %s --check-prefix=READER --input-file %t/on/reader.cpp
# READER: constexpr auto B_accessor_args = TensorAccessorArgs<0>();
# READER: cb_reserve_back(cb_B_tile, 2);
# READER: mcast_send(
# READER-NOT: A_
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/on/main.cpp
# HOST: TensorAccessorArgs(*B_buffer).append_to(reader_compile_args);
# HOST: TensorAccessorArgs(*C_buffer).append_to(writer_compile_args);
# HOST-NEXT: TensorAccessorArgs(*A_buffer).append_to(writer_compile_args);
# The arguments in E1's order: the reader's (NoC 0) B rectangle runs from row 1 to row 3, the
# writer's (NoC 1) A rectangle from column 3 to column 1.
# HOST: SetRuntimeArgs(program, reader, core, {B_addr, w.start_id, w.count, uint32_t(noc_xy(w.x, 3).x), uint32_t(noc_xy(w.x, 3).y), B_receiver_sem, 3, uint32_t(w.y == 0), B_sender_sem, uint32_t(noc_xy(w.x, 0).x), uint32_t(noc_xy(w.x, 0).y), uint32_t(noc_xy(w.x, 1).x), uint32_t(noc_xy(w.x, 1).y)});
# HOST: SetRuntimeArgs(program, writer, core, {A_addr, C_addr, w.start_id, w.count, uint32_t(noc_xy(1, w.y).x), uint32_t(noc_xy(1, w.y).y), A_receiver_sem, 3, uint32_t(w.x == 0), A_sender_sem, uint32_t(noc_xy(0, w.y).x), uint32_t(noc_xy(0, w.y).y), uint32_t(noc_xy(3, w.y).x), uint32_t(noc_xy(3, w.y).y)});
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/on/tt.plan.json
# PLAN: "name": "A_tile",
# PLAN: "producers": [
# PLAN-NEXT: "writer"
# PLAN: "function": "gemm_reader",
# PLAN: "accessors": [
# PLAN-NEXT: "B"
# PLAN-NEXT: ]
# PLAN: "function": "gemm_writer",
# PLAN: "accessors": [
# PLAN-NEXT: "C",
# PLAN-NEXT: "A"

# Off by name: the reader moves both operands again, exactly as after D8.
# RUN: %tltt compile %examples/gemm.py -o %t/off --disable-pass operand-movers --remarks=D9 2>&1 | count 0
# RUN: grep -q 'cb_A_tile' %t/off/reader.cpp
# RUN: not grep -q 'mcast' %t/off/writer.cpp

# Only A multicast (a grid one block high): the reader also reads B (no multicast), so A moves.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(64, 512, 64, 64, 64, 32)' --remarks=D9 --stop-after=D9 2>&1 | FileCheck %s --check-prefix=ROW
# ROW: remark: gemm_writer reads and multicasts A
# Nothing multicast (a grid one block wide here): D9 has nothing to move and says nothing.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(512, 64, 64, 64, 64, 32)' --remarks=D9 --stop-after=D9 2>&1 | count 0
