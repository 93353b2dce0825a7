// The writer's copies, inside a loop, of an on-chip block produced once before that loop (a
// block filled once and stored at every step of a loop whose trip count may be known only at
// run time): the writer keeps the block at its CB's front through the loop and pops it after.
#pragma once
#include <vector>

#include "ir/ir.h"

namespace tltt::passes {

// Attribute of a loop (For::attrs, a list of CB indices): the CBs whose value the loop's
// tt.write_tiles copy out at every iteration without anything in the loop producing it. D3
// expands those copies without their cb_pop_front and follows the loop with
// `cb_wait_front(cb, tiles); cb_pop_front(cb, tiles)` (the wait makes a loop that ran no
// iteration still consume the one value the producer pushed).
inline constexpr const char* kWriterHolds = "tt.writer_holds";

// C4, on the unified tile program: marks the outermost loop around each such set of copies
// with kWriterHolds. A CB qualifies for a loop when the loop's body copies it out whole
// (tt.write_tiles of as many tiles as the CB holds) and nothing in the body writes it (no
// read, mask or compute op into it). `held` receives the copies the marks cover.
ir::Stmt mark_writer_holds(const ir::Stmt& body, std::vector<const ir::Call*>* held = nullptr);

// D3, on the writer kernel: the CB indices loop `f` carries in kWriterHolds.
std::vector<int64_t> writer_holds_of(const ir::For* f);

}  // namespace tltt::passes
