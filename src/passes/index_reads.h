// Tensor elements a data-movement kernel reads as scalars (an offset or a bound from an index
// tensor: `q_start = cu_seqlens[b]`, `kv_start = block_indices[b, k]`), lowered by D3.
#pragma once

#include <map>
#include <string>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Where element `ld` (of a global tensor of a 4-byte dtype) sits in the device layout: its tile
// page (outer indices as page offsets) and its byte offset inside the page (16x16 faces).
struct ElementAddress {
  ir::Expr page, byte;
};
ElementAddress element_address(const ir::BufferLoad* ld);
// The first tile page of region `r`'s tile plane: its outer (untiled) indices counted in whole
// planes of the tensor's tile grid, as whole-tile reads address them (not simplified).
ir::Expr outer_page(const ir::Region& r, const Location& loc);
// The element's value from its 32-bit word, by the tensor's dtype (int32, uint32, float32).
ir::Expr decode_element(const ir::DataType& t, const ir::Expr& word, const Location& loc);

// D3: every `let v = T[idx] { body }` with T a global tensor of a 4-byte dtype, in a reader,
// as the reserve of the first CB the body fills (its pages are free until that fill), the read
// of the element's 32-byte run into them and the word decoded by T's dtype:
//   cb_reserve_back(cb, n); let a = get_write_ptr(cb) {
//     let v = decode(read_element_word(a, T_accessor, page, byte)) { body } }
// The let's value may combine several elements (`cu[b + 1] - cu[b]`): each is read in turn.
// `accessors` maps each tensor D2 bound to its accessor variable. A located error for an
// element read the kernel (role "reader", "writer" or "compute") cannot serve: a compute or
// writer kernel's, one of a 1- or 2-byte dtype, one with no CB filled after it.
ir::Stmt read_index_elements(const ir::Stmt& body, const std::string& role,
                             const std::map<const ir::BufferNode*, ir::Var>& accessors,
                             PassContext& ctx);

}  // namespace tltt::passes
