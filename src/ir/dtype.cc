// DataType spelling and parsing.
#include "ir/dtype.h"

#include <utility>

namespace tltt::ir {

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
  }
  return "void";
}

std::optional<DataType> DataType::parse(std::string_view name) {
  static const std::pair<std::string_view, DataType> kNames[] = {
      {"float16", float16()},   {"float32", float32()}, {"float64", float64()},
      {"bfloat16", bfloat16()}, {"int8", int8()},       {"int16", int16()},
      {"int32", int32()},       {"int64", int64()},     {"uint8", uint8()},
      {"uint16", uint16()},     {"uint32", uint32()},   {"uint64", uint64()},
      {"bool", boolean()},      {"float", float32()},   {"half", float16()},
      {"double", float64()},    {"int", int32()},       {"uint", uint32()},
      {"bf16", bfloat16()},     {"fp16", float16()},    {"fp32", float32()},
      {"handle", handle()},
  };
  for (const auto& [n, t] : kNames) {
    if (n == name) {
      return t;
    }
  }
  return std::nullopt;
}

}  // namespace tltt::ir
