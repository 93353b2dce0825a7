// Pass C4a `held-rows-writer` (see passes.def): the row blocks a kernel keeps whole in L1 (A4's
// held blocks, B0b's re-read rows) get a second copy and their chunk copies move to the writer
// RISC, so the reader streams the next row block from DRAM while compute works on this one.
#pragma once
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Attribute of a held CB (Buffer::attrs) whose chunk copies the writer makes: the reader pushes
// each load into it (reads land at its write pointer, pushed pages in column order), the writer
// waits for the columns a copy takes (cumulative counts), copies them from its read pointer and
// pops the whole block once no later copy of that block follows. D1 gives such a CB's
// tt.read_local_tiles and cb_pop_front to the writer, D3 expands both sides.
inline constexpr const char* kHeldOnWriter = "tt.held_on_writer";

// True when `cb` carries kHeldOnWriter.
bool held_on_writer(const ir::Buffer& cb);

// C4a. Before: the unified tile program after C4 (CB indices, compute pops), held blocks that
// only the reader fills and reads (tt.read_tiles into their tile columns, tt.read_local_tiles
// out of them). After, when every held block is one tile row high, loaded once per block in
// column order, and every CB its copies fill is filled by those copies alone: each held block
// whose loads and copies share a loop (the block loop) has twice its pages when the CBs still
// fit the L1 budget, and a cb_pop_front of the whole block ends that loop's body; every held
// block is marked kHeldOnWriter; the plan's CB table follows (pages, producers, consumers).
// Remarks say what moved or why not.
ir::Module held_rows_writer(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
