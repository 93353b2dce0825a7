// Field access into a device description's JSON with errors that name the file and the dotted
// path of the field (shared by the description's and the timing constants' parsers).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tltt::device {

class Reader {
  using json = nlohmann::json;

 public:
  Reader(std::string_view file, const json& root) : file_(file), root_(root) {}

  // The node at a dotted path ("l1.size.value").
  const json& at(const std::string& path) const {
    const json* node = &root_;
    size_t start = 0;
    while (start <= path.size()) {
      size_t dot = path.find('.', start);
      std::string key =
          path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!node->is_object() || !node->contains(key)) {
        fail(path, "is missing");
      }
      node = &node->at(key);
      if (dot == std::string::npos) {
        break;
      }
      start = dot + 1;
    }
    return *node;
  }
  double number(const std::string& path) const {
    const json& v = at(path);
    if (!v.is_number()) {
      fail(path, "is not a number");
    }
    return v.get<double>();
  }
  uint64_t uint(const std::string& path) const {
    const json& v = at(path);
    if (!v.is_number_unsigned()) {
      fail(path, "is not a non-negative integer");
    }
    return v.get<uint64_t>();
  }
  uint32_t u32(const std::string& path) const {
    uint64_t v = uint(path);
    if (v > UINT32_MAX) {
      fail(path, "is out of range");
    }
    return static_cast<uint32_t>(v);
  }
  std::vector<uint32_t> u32_list(const std::string& path) const {
    const json& v = at(path);
    if (!v.is_array()) {
      fail(path, "is not a list");
    }
    std::vector<uint32_t> out;
    for (const json& e : v) {
      if (!e.is_number_unsigned()) {
        fail(path, "holds a value that is not a non-negative integer");
      }
      out.push_back(e.get<uint32_t>());
    }
    return out;
  }
  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw std::runtime_error("device description " + std::string(file_) + ": '" + path + "' " +
                             what);
  }

 private:
  std::string_view file_;
  const json& root_;
};

// The timing sections read through `r` (timing.cc).
struct Timing;
Timing timing_of(const Reader& r);

}  // namespace tltt::device
