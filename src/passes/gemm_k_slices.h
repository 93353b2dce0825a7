// D4a (gemm-block-schedule), second decision: the first K step of a GEMM computed in slices of
// K tiles as they arrive, and A's CB laid out K-major so that a K slice of it is contiguous.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

namespace keys {
// On compute's K loop of such a GEMM: A's CB holds its tiles K-major (tile (m, k) at page
// k * mt + m) and D5 runs the first K step as this many slices of K tiles.
inline constexpr const char* kAKMajor = "tt.a_k_major";
inline constexpr const char* kKSlices = "tt.k_slices";
// On the loop of a data-movement transfer whose iteration i fills the i-th row of its CB slot:
// compute takes the slot in slices of this many rows, so D8's row-by-row multicast raises the
// receivers' flags and pushes the pages slice by slice.
inline constexpr const char* kSliceRows = "tt.slice_rows";
}  // namespace keys

// D8's handshake for such a slot is tt.mcast_signal_count / tt.mcast_receive_count
// (ir/tt_ops.def): the sender raises the receivers' flags to the count of slices multicast so
// far after each slice; a receiver waits until its flag reaches a count.

// For each matmul D4a marked for matmul_block and packer L1 accumulation whose sub-blocks are
// one tile row (A read one tile per matmul_block, so A's page order is free), alone in a K loop
// of K steps of at least 8 tiles, whose A and B CBs are each filled by one data-movement
// transfer of whole tile rows: rewrites A's transfer to fill its CB K row by K row (tile (m, k)
// at page k * mt + m), marks both transfers' row loops with keys::kSliceRows and sets the
// K loop with keys::kAKMajor and keys::kKSlices (D5 slices the first step, D8 signals and
// pushes each slice's rows on its own).
ir::Module slice_first_k_step(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
