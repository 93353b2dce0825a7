// Scalar element types of the tile IR (float16, bfloat16, float32, int32, int8, uint8, bool, ...).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tltt::ir {

class DataType {
 public:
  enum class Code : uint8_t { kInt, kUInt, kFloat, kBFloat, kBool, kHandle, kVoid };

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
  constexpr bool is_float() const { return code_ == Code::kFloat || code_ == Code::kBFloat; }
  constexpr bool is_bool() const { return code_ == Code::kBool; }
  constexpr bool is_handle() const { return code_ == Code::kHandle; }
  constexpr bool is_void() const { return code_ == Code::kVoid; }
  constexpr bool is_numeric() const { return is_integer() || is_float(); }

  // Canonical TVM spelling: "float16", "bfloat16", "float32", "int32", "uint8", "bool", ...
  std::string str() const;
  // Accepts canonical names and the TileLang aliases "float" (float32), "half", "double",
  // "int", "bf16", "fp16", "fp32".
  static std::optional<DataType> parse(std::string_view name);

  constexpr bool operator==(const DataType&) const = default;

 private:
  Code code_ = Code::kVoid;
  uint8_t bits_ = 0;
};

}  // namespace tltt::ir
