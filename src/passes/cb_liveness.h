// Where compute pops its circular buffers: after the last compute read of each CB value (C4).
#pragma once
#include <functional>
#include <set>
#include <vector>

#include "ir/ir.h"

namespace tltt::passes {

using CbLive = std::set<const ir::BufferNode*>;

// Backward liveness of CB values over a unified tile program, shared by C4 (where to pop) and
// C2a (which CBs may share). Walks `s` from its end with `live` holding the values live after
// it, and leaves it holding those live before it. `transfer` is called on every op statement
// with the values live after the op and updates them to those live before it. Branches join;
// a loop's body runs with the values live at its top also live at its end, iterated to a fixed
// point (live sets only grow from one round to the next, so this ends), and runs at least once.
// `transfer` sees every round's op visits.
void backward_cb_liveness(const ir::Stmt& s, CbLive& live,
                          const std::function<void(const ir::Call*, CbLive&)>& transfer);

// Drops a CB value no op read (so none waited for it: the hardware contract wants the wait),
// and pops one an op read.
ir::Stmt cb_discard(const ir::Buffer& b, const Location& loc);
ir::Stmt cb_pop(const ir::Buffer& b, const Location& loc);
// The values of `set` in the buffers' declaration order: pops are emitted in it, never in
// address order (which varies from run to run).
std::vector<const ir::BufferNode*> cb_ordered(const CbLive& set);

// On the unified tile program (tt.read_tiles / tt.write_tiles / compute ops, before the kernel
// split) inserts `cb_pop_front(cb, tiles)` after the compute op that reads a CB value for the
// last time: before the value is overwritten (after the op itself when it updates the CB in
// place: the new value is pushed behind the old one) or goes out of use. Loops are handled by
// liveness: a value live at the top of a loop body (loop-carried, like the running max of an
// online softmax, or loop-invariant, like a reduce scaler) stays resident across iterations
// and is popped after the loop. A value nothing reads (overwritten, or unused) is dropped right
// after it is written (wait + pop); a value the code after a loop reads but each iteration
// overwrites is dropped at the top of the next iteration. CBs drained by the writer are never
// popped by compute. GEMM accumulators: one only copied out of DST never reaches its CB; one
// other ops use (cb_resident_accumulators) is written by its gemm (once per K loop when the
// gemm accumulates from the second step on: the partial sums stay inside D5's group) and, when
// the gemm always adds to it, read by it (D5's reload pops it).
// A compute op writing a CB the writer drains with a value the writer never copies out (see
// the .cc): dropped, run in its loops' last iteration only, or unsupported (inside a branch of
// such a loop).
struct DrainedWrite {
  enum Kind { kDropped, kLastIteration, kUnsupported };
  const ir::Call* op = nullptr;
  Kind kind = kDropped;
};
// Moves a compute write of a writer-drained CB that an `if` after it overwrites or copies out
// on one path only into the start of both branches (cb_branch_writes.cc): compute cannot drop
// a drained CB's value, so the write must happen only on the paths that copy it out. The ops
// moved are appended to `moved` (once per `if` they move into).
ir::Stmt sink_drained_writes(const ir::Stmt& body, std::vector<const ir::Call*>* moved = nullptr);
ir::Stmt insert_compute_pops(const ir::Stmt& body,
                             std::vector<DrainedWrite>* drained_writes = nullptr);

// A CB some path through the program reads before any op writes it (its value is live at the
// program's entry, by the liveness above): the first op, in program order, that reads it, and
// the first op after that read that writes it (nullptr if none does).
struct CbReadBeforeWrite {
  ir::Buffer buffer;
  const ir::Call* read = nullptr;
  const ir::Call* first_write = nullptr;
};
std::vector<CbReadBeforeWrite> cb_reads_before_write(const ir::Stmt& body);

}  // namespace tltt::passes
