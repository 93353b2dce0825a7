// DataType spelling and parsing.
#include "ir/dtype.h"

#include <utility>

namespace tltt::ir {

namespace {
using Code = DataType::Code;

// The narrow float formats, by their TVM/TileLang names.
constexpr std::pair<std::string_view, DataType> kNarrowFloats[] = {
    {"tfloat32", {Code::kTFloat, 32}},
    {"float8_e4m3fn", {Code::kFloat8E4M3FN, 8}},
    {"float8_e4m3", {Code::kFloat8E4M3, 8}},
    {"float8_e4m3fnuz", {Code::kFloat8E4M3FNUZ, 8}},
    {"float8_e5m2", {Code::kFloat8E5M2, 8}},
    {"float8_e5m2fnuz", {Code::kFloat8E5M2FNUZ, 8}},
    {"float8_e8m0fnu", {Code::kFloat8E8M0FNU, 8}},
    {"float6_e2m3fn", {Code::kFloat6E2M3FN, 6}},
    {"float6_e3m2fn", {Code::kFloat6E3M2FN, 6}},
    {"float4_e2m1fn", {Code::kFloat4E2M1FN, 4}},
};
}  // namespace

std::string DataType::str() const {
  switch (code_) {
    case Code::kInt:
      return "int" + std::to_string(bits_);
    case Code::kUInt:
      return "uint" + std::to_string(bits_);
    case Code::kFloat:
      return "float" + std::to_string(bits_);
    case Code::kBFloat:
      return "bfloat" + std::to_string(bits_);
    case Code::kBool:
      return "bool";
    case Code::kHandle:
      return "handle";
    case Code::kVoid:
      return "void";
    default:
      break;
  }
  for (const auto& [n, t] : kNarrowFloats) {
    if (t == *this) {
      return std::string(n);
    }
  }
  return "void";
}

std::optional<DataType> DataType::parse(std::string_view name) {
  static const std::pair<std::string_view, DataType> kNames[] = {
      {"float16", float16()},    {"float32", float32()},
      {"float64", float64()},    {"bfloat16", bfloat16()},
      {"int8", int8()},          {"int16", int16()},
      {"int32", int32()},        {"int64", int64()},
      {"uint8", uint8()},        {"uint16", uint16()},
      {"uint32", uint32()},      {"uint64", uint64()},
      {"bool", boolean()},       {"float", float32()},
      {"half", float16()},       {"double", float64()},
      {"int", int32()},          {"uint", uint32()},
      {"bf16", bfloat16()},      {"fp16", float16()},
      {"fp32", float32()},       {"handle", handle()},
      {"int4", {Code::kInt, 4}}, {"uint4", {Code::kUInt, 4}},
      {"int2", {Code::kInt, 2}}, {"uint2", {Code::kUInt, 2}},
      {"int1", {Code::kInt, 1}}, {"uint1", {Code::kUInt, 1}},
  };
  for (const auto& [n, t] : kNames) {
    if (n == name) {
      return t;
    }
  }
  for (const auto& [n, t] : kNarrowFloats) {
    if (n == name) {
      return t;
    }
  }
  return std::nullopt;
}

std::optional<Float8Spec> DataType::float8_spec() const {
  using S = Float8Spec::Specials;
  switch (code_) {
    case Code::kFloat8E4M3FN:
      return Float8Spec{4, 3, 7, S::kFn};
    case Code::kFloat8E4M3:
      return Float8Spec{4, 3, 7, S::kIeee};
    case Code::kFloat8E4M3FNUZ:
      return Float8Spec{4, 3, 8, S::kFnuz};
    case Code::kFloat8E5M2:
      return Float8Spec{5, 2, 15, S::kIeee};
    case Code::kFloat8E5M2FNUZ:
      return Float8Spec{5, 2, 16, S::kFnuz};
    default:
      return std::nullopt;
  }
}

std::optional<std::string> data_format(DataType t) {
  if (t == DataType::bfloat16()) {
    return "Float16_b";
  }
  if (t == DataType::float16()) {
    return "Float16";
  }
  if (t == DataType::float32()) {
    return "Float32";
  }
  if (t == DataType::int32()) {
    return "Int32";
  }
  if (t == DataType::uint32()) {
    return "UInt32";
  }
  if (t == DataType::uint16()) {
    return "UInt16";
  }
  if (t == DataType::int8()) {
    return "Int8";
  }
  if (t == DataType::uint8() || t.is_bool()) {  // bool: one byte, 0 or 1 (docs/formats.md)
    return "UInt8";
  }
  return std::nullopt;
}

}  // namespace tltt::ir
