// Inputs a user gives `tltt run` instead of the seeded random ones (`--input NAME=SPEC`): a
// NumPy .npy file, a raw data file, literal values or an integer generator. Index tensors
// (varlen attention's cu_seqlens, sparse kernels' block indices) need such values: random
// integers are not valid offsets, so a run on them says nothing about the lowering.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "reference/reference.h"

namespace tltt::runner {

// The forms of SPEC (documented in src/runner/README.md):
//   FILE.npy                 a NumPy array of the parameter's shape (any numeric dtype)
//   FILE                     raw little-endian elements of the parameter's dtype (data files)
//   values:V0,V1,...         row-major literal values: one per element, or one for all
//   range:START[,STEP]       START, START + STEP, ... in row-major order
//   randint:LO..HI[/M]       seeded integers uniform in [LO, HI], multiples of M
//   cumsum:L0,L1,...         prefix sums along the last axis: 0, L0, L0 + L1, ... (offsets of
//                            sequences of lengths L0, L1, ...: cu_seqlens)
//   cumsum:LO..HI[/M]        the same with seeded lengths uniform in [LO, HI], multiples of M
// Every value is rounded to the parameter's dtype; an integer parameter refuses a value that is
// not an integer or does not fit.
//
// Makes the tensor of `dtype` and `shape` that SPEC describes; the seed and the parameter's
// index seed the generators as they seed random inputs. False with `error` set (a message
// naming the spec and what is wrong). `description` says where the values came from, with the
// values themselves when there are few.
bool make_input(const std::string& spec, ir::DataType dtype, const std::vector<int64_t>& shape,
                uint64_t seed, int param_index, reference::Tensor* out, std::string* description,
                std::string* error);

// Reads a .npy file (format versions 1-3, little-endian or byte-free dtypes b1/i1/u1..i8/u8/
// f2/f4/f8, C or Fortran order) into row-major doubles and its shape.
bool read_npy(const std::string& path, std::vector<int64_t>* shape, std::vector<double>* values,
              std::string* error);

}  // namespace tltt::runner
