// A1: integer tensor elements read inside a T.Parallel nest at indices the nest does not move
// (`k_idx < cache_seqlens[b]`) become lets before the nest, so they are run-time scalars like
// any `let n = lens[b]` of the block; so do the elements a serial or pipelined loop's bounds
// read (`T.ceildiv(sizes[bz], 64)`), as lets before the loop (read by the reader, handed to compute
// by D3's index mailbox, passes/index_mailbox.h).
#pragma once

#include "ir/ir.h"

namespace tltt::passes {

// `f` with every 4-byte integer element load of a global tensor inside a T.Parallel nest whose
// indices use none of the nest's variables (nor lets bound inside it, nor buffer loads) read
// once by a let before the outermost loop of the nest; equal loads share one let. The same for
// the element loads in the bounds of a serial or pipelined loop outside any nest.
ir::PrimFunc hoist_index_elements(const ir::PrimFunc& f);

}  // namespace tltt::passes
