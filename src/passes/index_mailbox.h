// Tensor elements the compute kernel needs as scalars (a mask bound such as `cache_seqlens[b]`
// or `cu_seqlens[b + 1] - cu_seqlens[b]`), lowered by D3: the reader reads them and hands them
// over through a small CB (the index mailbox).
#pragma once

#include <map>
#include <string>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// The accessor variable D2 bound for each tensor, per kernel function name.
using KernelAccessors = std::map<std::string, std::map<const ir::BufferNode*, ir::Var>>;

// D3: every `let v = f(T[idx], ...) { body }` of the compute kernel whose body uses v, with T a
// global tensor of a 4-byte dtype, becomes, in compute,
//   cb_wait_front(mb, n); let e_k = decode(read_tile_value(mb, k, word_k)) ...;
//   cb_pop_front(mb, n); let v = f(e_0, ...) { body }
// and the same let of the reader (the kernels are split from one program, so the lets are the
// same variables in the same order)
//   cb_reserve_back(mb, n); let a = get_write_ptr(mb) {
//     let e_k = decode(read_element_word(a + 32 k, T_accessor, page_k, byte_k)) ...;
//     cb_push_back(mb, n); let v = f(e_0, ...) { body } }
// with mb a new CB of 32-byte pages (one element's 32-byte run each) added to both kernels and
// to the plan. Located errors: a reader without the let or without T's accessor, a dtype that
// is not 4 bytes, no free CB index.
ir::Module mailbox_index_values(const ir::Module& m, const KernelAccessors& accessors,
                                PassContext& ctx);

}  // namespace tltt::passes
