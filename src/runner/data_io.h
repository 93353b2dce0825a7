// Kernel data files of the artifact contract (raw little-endian row-major elements in the
// parameter's dtype, no header) and the seeded random inputs `tltt run` feeds the program.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "reference/reference.h"

namespace tltt::runner {

// Bytes one element of `dtype` takes in a data file; 0 when the dtype has no file encoding.
int element_bytes(ir::DataType dtype);

bool write_tensor_file(const std::string& path, const reference::Tensor& t, std::string* error);
// Reads a file that must hold exactly numel(shape) elements of `dtype`.
bool read_tensor_file(const std::string& path, ir::DataType dtype, std::vector<int64_t> shape,
                      reference::Tensor* out, std::string* error);

// Deterministic random data for input parameter number `param_index` (so two inputs of one
// kernel differ): floats uniform in [-1, 1) rounded to the dtype (|x| <= 1 keeps GEMM sums of
// K terms within sqrt(K) typical magnitude and far from 16-bit overflow); signed integers
// uniform in [-8, 8], unsigned in [0, 16], bool 0/1. Independent of the standard library's
// distribution implementations (SplitMix64 and explicit scaling).
reference::Tensor random_tensor(ir::DataType dtype, std::vector<int64_t> shape, uint64_t seed,
                                int param_index);

// The documented input range, for printing.
std::string input_range_text(ir::DataType dtype);

}  // namespace tltt::runner
