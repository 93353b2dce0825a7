// Helpers every part of B3 (lower-to-sfpu) shares: which buffers are on chip (the buffers a
// statement mentions are pass_util's buffers_in).
#include "passes/sfpu/lowerer.h"

namespace tltt::passes::sfpu {

using namespace ir;

bool on_chip(const Buffer& b) {
  // T.alloc_var float scalars too (integer ones are lets since A1): one-element blocks.
  return b->scope == MemScope::kShared || b->scope == MemScope::kFragment ||
         b->scope == MemScope::kLocal || b->scope == MemScope::kVar;
}

}  // namespace tltt::passes::sfpu
