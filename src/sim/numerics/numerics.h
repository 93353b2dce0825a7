// Contract of the simulator's numerics library: bit-exact Tensix tile formats and the tile math
// of the FPU and SFPU, as pure functions over tiles held as 1024 floats in tile (face) order.
#pragma once
#include <cstdint>

#include "tt-metalium/base_types.hpp"
#include "tt-metalium/tt_backend_api_types.hpp"

namespace ttsim::num {

using tt::DataFormat;

constexpr int kTileDim = 32;
constexpr int kFaceDim = 16;
constexpr int kTileElems = 1024;

// Position of element (r, c) of a 32x32 tile in tile order (four 16x16 faces, each row-major).
constexpr int tile_index(int r, int c) {
  return ((r / kFaceDim) * 2 + (c / kFaceDim)) * kFaceDim * kFaceDim + (r % kFaceDim) * kFaceDim +
         (c % kFaceDim);
}

// Bytes one 32x32 tile takes in L1/DRAM (Float16_b 2048, Float32 4096, Bfp8_b 1088, Bfp4_b 576).
// Returns 0 for formats the simulator does not support.
uint32_t tile_size_bytes(DataFormat fmt);
const char* format_name(DataFormat fmt);

// Scalar conversions (round-to-nearest-even unless stated; NaN/Inf handling documented in .cc).
uint16_t float_to_bf16(float v);
float bf16_to_float(uint16_t bits);
uint16_t float_to_fp16(float v);
float fp16_to_float(uint16_t bits);
// Rounds v to the nearest value of a 16-bit float format (Float16_b or Float16); other formats
// return v unchanged.
float round_to_format(DataFormat fmt, float v);

// Whole-tile conversions between L1 bytes (in `fmt`) and floats in tile order. Unpacking is
// exact (every supported format widens losslessly to float); packing rounds as the packer does.
void unpack_tile(DataFormat fmt, const uint8_t* src, float* dst);
void pack_tile(DataFormat fmt, const float* src, uint8_t* dst);

// The compute configuration a kernel runs with (from ComputeConfig and the CB formats).
struct MathConfig {
  MathFidelity fidelity = MathFidelity::HiFi4;
  bool fp32_dest_acc = false;                       // DST holds fp32; otherwise 16-bit
  DataFormat dst16_format = DataFormat::Float16_b;  // DST's 16-bit format when not fp32
  bool approx = false;                              // math_approx_mode for SFPU functions
  bool reference = false;                           // plain fp32 math: no fidelity, no DST rounding
};

// Rounds a value to what DST stores under `cfg` (16-bit format, or fp32).
float dst_round(const MathConfig& cfg, float v);

// Number of multiplier phases a fidelity runs (LoFi 1, HiFi2 2, HiFi3 3, HiFi4 4).
int fidelity_phases(MathFidelity fidelity);
// One FPU product as the multiplier computes it under cfg.fidelity: `srca` contributes its
// hidden bit + 7 mantissa MSBs split 5|3, `srcb` its hidden bit + 7 MSBs split 7|1 (lower bits
// never reach the multiplier). Exact in double; plain fp32 multiply in reference mode.
double fidelity_mul(const MathConfig& cfg, float srca, float srcb);

// Matrix engine: dst += a * b (b transposed when transpose_b), with the operands' mantissas
// split into fidelity phases as the multiplier does. All arrays are tiles in tile order.
// a is the kernel's in0 tile (fed to SrcB), b is in1 (fed to SrcA).
void matmul_tile(const MathConfig& cfg, const float* a, const float* b, bool transpose_b,
                 float* dst);

// The same product over operands prepared once each (matmul_block multiplies every in0 tile with
// ct_dim in1 tiles and every in1 tile with rt_dim in0 tiles): when matmul_prepared_path(cfg)
// (not reference mode, and a fidelity whose products are one multiplication of two parts: LoFi,
// HiFi2, HiFi4), prepare_matmul_in0/in1 write the parts the multiplier uses, row-major [i][k]
// and [k][j] (in1 transposed first when transpose_b), and matmul_prepared(cfg, a, b, dst) gives
// matmul_tile's result bit for bit. A prepare returns false when its tile holds an Inf/NaN; use
// matmul_tile for that product then.
bool matmul_prepared_path(const MathConfig& cfg);
bool prepare_matmul_in0(const MathConfig& cfg, const float* a, double* out);
bool prepare_matmul_in1(const MathConfig& cfg, const float* b, bool transpose_b, double* out);
void matmul_prepared(const MathConfig& cfg, const double* a, const double* b, float* dst);

enum class BinaryOp : uint8_t { Add, Sub, Mul };
enum class BcastDim : uint8_t { None, Rows, Cols, Scalar };
// dst = a op bcast(b) (or dst += ... when acc_to_dest). Rows: row 0 of b broadcast down;
// Cols: column 0 of b broadcast across; Scalar: b[0,0]. a (in0) is SrcA, b (in1) is SrcB.
void binary_tile(const MathConfig& cfg, BinaryOp op, BcastDim bcast, const float* a, const float* b,
                 float* dst, bool acc_to_dest);

enum class PoolType : uint8_t { Sum, Avg, Max };
enum class ReduceDim : uint8_t { Row, Col, Scalar };
// Accumulates the reduction of `a` (times the scaler tile's value) into dst: Row results in
// column 0, Col results in row 0, Scalar at [0,0]; other positions untouched. The scaler value
// is the scaler tile's element [0,0]; Scalar reductions apply it twice (row pass, then column
// pass), which is why AVG over a whole tile uses 1/sqrt(N). Max combines with what DST holds
// by max, unless `dst_fresh` says the tile was not written since acquire (then the result is
// stored as is: max reductions of negative data stay negative, as on hardware).
void reduce_tile(const MathConfig& cfg, PoolType pool, ReduceDim dim, const float* a,
                 const float* scaler, float* dst, bool dst_fresh = false);

// The SFPU ops, one per row of sim/include/ttsim/sfpu_functions.def (its order is the kernel ABI).
enum class SfpuOp : uint8_t {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) Id,
#include "sim/include/ttsim/sfpu_functions.def"
};
inline constexpr int kSfpuOpCount = 0
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) +1
#include "sim/include/ttsim/sfpu_functions.def"
    ;
// In-place unary SFPU op on one DST tile; `param` carries the op's argument as fp32 bits
// (relu thresholds, leaky slope, fill value, scalar operand). Power: a param below 2^23 is an
// integer exponent (older SDKs), anything else the exponent's fp32 bits (newer SDKs). Gelu:
// param != 0 selects the tanh approximation (the SDK's fast_and_approx, its default).
void sfpu_unary(const MathConfig& cfg, SfpuOp op, float* dst, uint32_t param);

enum class SfpuBinaryOp : uint8_t {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) Id,
#include "sim/include/ttsim/sfpu_functions.def"
};
inline constexpr int kSfpuBinaryOpCount = 0
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) +1
#include "sim/include/ttsim/sfpu_functions.def"
    ;
// dst_a = dst_a op dst_b, elementwise between two DST tiles.
void sfpu_binary(const MathConfig& cfg, SfpuBinaryOp op, float* dst_a, const float* dst_b);

// Integer SFPU numerics (integer.cc): DST in 32-bit mode holds an Int32/UInt32 element as its
// two's-complement bits in the tile's float slot. is_integer_binary: the ops from AddInt on.
// int_binary: one lane of such an op (add/sub/mul modulo 2^32; shifts by counts past 31 give 0,
// or the sign for an arithmetic right shift). typecast_bits: typecast_tile<in, out> on one
// lane: float to Int32/UInt32 toward zero, saturating (NaN by its sign; negatives to 0 for
// UInt32); Int32/UInt32 to Float32 (Float16_b) rounded once to 24 (8) significant bits, to
// nearest even. sfpu_typecast's param is in | out << 8.
bool is_integer_binary(SfpuBinaryOp op);
uint32_t int_binary(SfpuBinaryOp op, uint32_t a, uint32_t b);
uint32_t typecast_bits(DataFormat in, DataFormat out, uint32_t bits);
void sfpu_int_binary(SfpuBinaryOp op, float* dst_a, const float* dst_b);
void sfpu_typecast(const MathConfig& cfg, uint32_t param, float* dst);
constexpr bool is_int32_format(DataFormat f) {
  return f == DataFormat::Int32 || f == DataFormat::UInt32;
}

// SFPI lane math (sfpi.cc): SFPMAD d = a * b + c on FP32 bit patterns as the Wormhole or
// Blackhole SFPU computes it, and the value SFPSTORE leaves in DST under `cfg`.
uint32_t sfpu_mad(bool blackhole, uint32_t a, uint32_t b, uint32_t c);
float sfpu_store(const MathConfig& cfg, uint32_t bits);

void transpose_tile(float* tile);  // transpose of the 32x32 tile, in place

// Row-major <-> tile order for one 32x32 tile inside a row-major block `row_stride` elems wide.
void tilize_tile(const float* row_major, int row_stride, float* tile);
void untilize_tile(const float* tile, float* row_major, int row_stride);

}  // namespace ttsim::num
