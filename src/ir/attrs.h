// Attribute values and dictionaries: function `tt.*` metadata, per-node annotations and call
// keyword arguments. A small closed value type; dictionaries iterate in sorted key order.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tltt::ir {

class AttrValue;
using AttrList = std::vector<AttrValue>;
class Attrs;

class AttrValue {
 public:
  using Variant = std::variant<int64_t, double, bool, std::string, std::vector<int64_t>,
                               std::vector<std::string>, std::shared_ptr<const AttrList>,
                               std::shared_ptr<const Attrs>>;

  AttrValue() : v_(int64_t{0}) {}
  AttrValue(int64_t v) : v_(v) {}                              // NOLINT
  AttrValue(int v) : v_(int64_t{v}) {}                         // NOLINT
  AttrValue(double v) : v_(v) {}                               // NOLINT
  AttrValue(bool v) : v_(v) {}                                 // NOLINT
  AttrValue(std::string v) : v_(std::move(v)) {}               // NOLINT
  AttrValue(const char* v) : v_(std::string(v)) {}             // NOLINT
  AttrValue(std::vector<int64_t> v) : v_(std::move(v)) {}      // NOLINT
  AttrValue(std::vector<std::string> v) : v_(std::move(v)) {}  // NOLINT
  AttrValue(AttrList v);                                       // NOLINT
  AttrValue(Attrs v);                                          // NOLINT

  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_float() const { return std::holds_alternative<double>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_int_list() const { return std::holds_alternative<std::vector<int64_t>>(v_); }
  bool is_string_list() const { return std::holds_alternative<std::vector<std::string>>(v_); }
  bool is_list() const { return std::holds_alternative<std::shared_ptr<const AttrList>>(v_); }
  bool is_dict() const { return std::holds_alternative<std::shared_ptr<const Attrs>>(v_); }

  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_float() const { return std::get<double>(v_); }
  bool as_bool() const { return std::get<bool>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const std::vector<int64_t>& as_int_list() const { return std::get<std::vector<int64_t>>(v_); }
  const std::vector<std::string>& as_string_list() const {
    return std::get<std::vector<std::string>>(v_);
  }
  const AttrList& as_list() const { return *std::get<std::shared_ptr<const AttrList>>(v_); }
  const Attrs& as_dict() const { return *std::get<std::shared_ptr<const Attrs>>(v_); }
  const Variant& variant() const { return v_; }

  // Deterministic, Python-like text: 3, 1.5, true, "s", [1, 2], {"k": v}.
  std::string str() const;
  bool operator==(const AttrValue& other) const;

 private:
  Variant v_;
};

class Attrs {
 public:
  using Map = std::map<std::string, AttrValue>;

  bool has(const std::string& key) const { return map_.count(key) != 0; }
  const AttrValue* find(const std::string& key) const;
  void set(const std::string& key, AttrValue value) { map_[key] = std::move(value); }
  bool erase(const std::string& key) { return map_.erase(key) != 0; }
  // Returns a copy with `key` set (nodes are immutable, so passes build new dictionaries).
  Attrs with(const std::string& key, AttrValue value) const;

  int64_t get_int(const std::string& key, int64_t dflt) const;
  bool get_bool(const std::string& key, bool dflt) const;
  double get_float(const std::string& key, double dflt) const;
  std::string get_string(const std::string& key, const std::string& dflt) const;

  bool empty() const { return map_.empty(); }
  size_t size() const { return map_.size(); }
  Map::const_iterator begin() const { return map_.begin(); }
  Map::const_iterator end() const { return map_.end(); }

  // `{key = value, ...}` in sorted key order; "" when empty.
  std::string str() const;
  bool operator==(const Attrs& other) const { return map_ == other.map_; }

 private:
  Map map_;
};

}  // namespace tltt::ir
