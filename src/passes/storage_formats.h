// Formats the device stores in a wider Tensix format: 8-bit floats in Float16_b (which holds each
// of their values exactly) and tfloat32 in Float32; the host program converts at the boundary.
#pragma once
#include <map>
#include <string>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// The dtype the device stores a buffer of dtype `t` in: bfloat16 for the 8-bit floats
// (float8_e4m3fn, float8_e4m3, float8_e5m2 and their fnuz forms), float32 for tfloat32, else
// `t` itself.
ir::DataType storage_dtype(ir::DataType t);

// Retypes every buffer (tensor parameters, on-chip buffers), conversion and constant of such a
// dtype in `f` to its storage dtype, so the passes after A1 see only Tensix formats; `stored`
// gets the original dtype of each retyped tensor parameter, by name (the device plan keeps it:
// the host program converts at upload and download). One remark `infer-layout.storage-format`
// per retyped tensor.
ir::PrimFunc store_in_tensix_formats(const ir::PrimFunc& f, PassContext& ctx,
                                     std::map<std::string, ir::DataType>* stored);

}  // namespace tltt::passes
