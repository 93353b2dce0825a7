// Scalar element types of the tile IR (float16, bfloat16, float32, int32, int8, uint8, bool, ...),
// including the narrow formats of GPU tensor cores (float8_e4m3fn, float4_e2m1fn, int4, tfloat32)
// that TileLang kernels declare: they reach the IR and the lowering rejects them where it needs a
// tile format (see is_narrow()).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tltt::ir {

// The bit layout of an 8-bit float dtype: `fn` formats have no infinities and only the all-ones
// pattern is NaN; `fnuz` ones have no infinities and no negative zero (0x80 is NaN); the others
// are IEEE-style (the top exponent holds Inf and NaN).
struct Float8Spec {
  int exp_bits = 4;
  int man_bits = 3;
  int bias = 7;
  enum class Specials : uint8_t { kIeee, kFn, kFnuz } specials = Specials::kFn;
};

class DataType {
 public:
  // kFloat/kBFloat are IEEE-style float16/32/64 and bfloat16; the codes after kVoid are the
  // narrow float formats, one code each (bits() is their storage width).
  enum class Code : uint8_t {
    kInt,
    kUInt,
    kFloat,
    kBFloat,
    kBool,
    kHandle,
    kVoid,
    kTFloat,  // tfloat32: float32 storage, 10-bit mantissa
    kFloat8E4M3FN,
    kFloat8E4M3,
    kFloat8E4M3FNUZ,
    kFloat8E5M2,
    kFloat8E5M2FNUZ,
    kFloat8E8M0FNU,
    kFloat6E2M3FN,
    kFloat6E3M2FN,
    kFloat4E2M1FN,
  };

  constexpr DataType() = default;
  constexpr DataType(Code code, int bits) : code_(code), bits_(static_cast<uint8_t>(bits)) {}

  static constexpr DataType int8() { return {Code::kInt, 8}; }
  static constexpr DataType int16() { return {Code::kInt, 16}; }
  static constexpr DataType int32() { return {Code::kInt, 32}; }
  static constexpr DataType int64() { return {Code::kInt, 64}; }
  static constexpr DataType uint8() { return {Code::kUInt, 8}; }
  static constexpr DataType uint16() { return {Code::kUInt, 16}; }
  static constexpr DataType uint32() { return {Code::kUInt, 32}; }
  static constexpr DataType uint64() { return {Code::kUInt, 64}; }
  static constexpr DataType float16() { return {Code::kFloat, 16}; }
  static constexpr DataType float32() { return {Code::kFloat, 32}; }
  static constexpr DataType float64() { return {Code::kFloat, 64}; }
  static constexpr DataType bfloat16() { return {Code::kBFloat, 16}; }
  static constexpr DataType boolean() { return {Code::kBool, 1}; }
  static constexpr DataType handle() { return {Code::kHandle, 64}; }
  static constexpr DataType void_type() { return {Code::kVoid, 0}; }

  constexpr Code code() const { return code_; }
  constexpr int bits() const { return bits_; }
  constexpr int bytes() const { return (bits_ + 7) / 8; }
  constexpr bool is_int() const { return code_ == Code::kInt; }
  constexpr bool is_uint() const { return code_ == Code::kUInt; }
  constexpr bool is_integer() const { return code_ == Code::kInt || code_ == Code::kUInt; }
  constexpr bool is_float() const {
    return code_ == Code::kFloat || code_ == Code::kBFloat || code_ >= Code::kTFloat;
  }
  // A narrow format (float8/6/4, tfloat32, int1..int4): TileLang kernels declare them for GPU
  // tensor cores; the Tenstorrent lowering has no tile format for them yet.
  constexpr bool is_narrow() const { return code_ >= Code::kTFloat || (is_integer() && bits_ < 8); }
  // The layout of float8_e4m3fn, float8_e4m3, float8_e4m3fnuz, float8_e5m2 and
  // float8_e5m2fnuz; nullopt for every other dtype (float8_e8m0fnu included: an exponent only).
  std::optional<Float8Spec> float8_spec() const;
  constexpr bool is_bool() const { return code_ == Code::kBool; }
  constexpr bool is_handle() const { return code_ == Code::kHandle; }
  constexpr bool is_void() const { return code_ == Code::kVoid; }
  constexpr bool is_numeric() const { return is_integer() || is_float(); }

  // Canonical TVM spelling: "float16", "bfloat16", "float32", "int32", "uint8", "bool",
  // "float8_e4m3fn", "tfloat32", "int4", ...
  std::string str() const;
  // Accepts canonical names and the TileLang aliases "float" (float32), "half", "double",
  // "int", "bf16", "fp16", "fp32"; integers of 1, 2, 4, 8, 16, 32 and 64 bits.
  static std::optional<DataType> parse(std::string_view name);

  constexpr bool operator==(const DataType&) const = default;

 private:
  Code code_ = Code::kVoid;
  uint8_t bits_ = 0;
};

// TT-Metalium DataFormat name of a dtype's tiles on the device ("Float16_b", "Float16",
// "Float32", "Int32", ...), or nullopt when the device has no tile format for it.
std::optional<std::string> data_format(DataType t);

}  // namespace tltt::ir
